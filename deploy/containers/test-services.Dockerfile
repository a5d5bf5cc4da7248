# For deploy/container_test.py only: PostgreSQL 15, Redis 7 and nginx from Debian's
# packages, standing in for compose.yaml's official images where no image registry
# is reachable (test-override.yaml). test-services.sh starts each as its image would.
ARG BASE
FROM ${BASE}
RUN printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d \
    && mkdir -p /etc/postgresql-common/createcluster.d \
    && echo 'create_main_cluster = false' > /etc/postgresql-common/createcluster.d/no-main.conf \
    && apt-get update -qq \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
        postgresql-15 redis-server nginx gettext-base >/dev/null \
    && rm -rf /var/lib/apt/lists/* /etc/nginx/sites-enabled/default \
    && mkdir -p /var/lib/postgresql/data /data /var/cache/nginx /etc/nginx/templates \
    && chown postgres:postgres /var/lib/postgresql/data \
    && ln -sf /dev/stdout /var/log/nginx/access.log \
    && ln -sf /dev/stderr /var/log/nginx/error.log
COPY test-services.sh /usr/local/bin/test-services
ENTRYPOINT ["/usr/local/bin/test-services"]
