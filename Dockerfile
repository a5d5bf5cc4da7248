# The site's image: gunicorn on port 8000 under production settings, as a user
# without privileges. `docker compose up --build` builds it (compose.yaml); alone:
#   docker build -t entities .
#   docker run --env-file .env -p 8000:8000 entities
# Configuration comes from the environment at run time (.env.example); nothing
# secret is built in. docs/deploy.md, "In containers".

# The official image by default; the container test passes a Debian base built
# without a registry (deploy/container_test.py). Both stages start from it, so the
# virtualenv's python is at the same path in both.
ARG BASE=python:3.11-slim-bookworm

# BUILD: the locked dependencies (hashes checked) in a virtualenv, the static files.
FROM ${BASE} AS build
# Where pip finds packages and which certificates it trusts (a proxy's, say).
ARG PIP_INDEX_URL=https://pypi.org/simple
ARG PIP_CERT=/etc/ssl/certs/ca-certificates.crt
RUN python3 -m venv /opt/venv
COPY requirements/production.txt /tmp/production.txt
# Exactly the locked versions, each file checked against its hash.
RUN PIP_INDEX_URL=$PIP_INDEX_URL PIP_CERT=$PIP_CERT /opt/venv/bin/pip install \
        --no-cache-dir --disable-pip-version-check --require-hashes \
        -r /tmp/production.txt
WORKDIR /app
COPY . .
# Production settings refuse to load without these; throwaway values that exist
# only for this command, in this stage, which the image does not keep.
RUN DJANGO_SETTINGS_MODULE=project.settings.prod SECRET_KEY=collectstatic-only \
        ALLOWED_HOSTS=build DATABASE_URL=sqlite:///:memory: EMAIL_URL=smtp://build \
        DEFAULT_FROM_EMAIL=build@example.com ADMINS=build@example.com \
        /opt/venv/bin/python manage.py collectstatic --noinput --verbosity 0 \
    && /opt/venv/bin/python -m compileall -q /app

# RUN: the virtualenv and the project (with the compiled messages, locale/*.mo,
# and the collected static files), owned by root and read-only for the site.
FROM ${BASE}
RUN useradd --system --uid 10001 --no-create-home --home-dir /nonexistent entities
COPY --from=build /opt/venv /opt/venv
COPY --from=build /app /app
WORKDIR /app
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    DJANGO_SETTINGS_MODULE=project.settings.prod \
    GUNICORN_BIND=0.0.0.0:8000
USER entities
EXPOSE 8000
# /healthz answers when the process does; the Host header must be one of ALLOWED_HOSTS.
HEALTHCHECK --interval=10s --timeout=5s --start-period=30s --retries=3 CMD ["python", "-c", "\
import os, urllib.request as r; \
port = os.environ['GUNICORN_BIND'].split()[0].rpartition(':')[2]; \
host = os.environ.get('ALLOWED_HOSTS', 'localhost').split(',')[0].strip().lstrip('.*') or 'localhost'; \
r.urlopen(r.Request(f'http://127.0.0.1:{port}/healthz', headers={'Host': host}), timeout=4)"]
# gunicorn is PID 1 and reads gunicorn.conf.py; on SIGTERM (docker stop) it stops
# accepting, lets requests under way finish (GUNICORN_GRACEFUL_TIMEOUT) and exits.
CMD ["gunicorn"]
