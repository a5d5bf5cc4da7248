#!/bin/sh
# For deploy/container_test.py only: what the official postgres, redis and nginx
# images do at start, as far as compose.yaml uses it, on Debian's packages.
# test-services postgres|redis|nginx PORT
set -eu
case "$1" in
postgres)
  # The official image: on an empty volume, a cluster whose superuser is
  # POSTGRES_USER with POSTGRES_PASSWORD, and the database POSTGRES_DB.
  bin=/usr/lib/postgresql/15/bin
  data=/var/lib/postgresql/data
  if [ ! -s "$data/PG_VERSION" ]; then
    printf '%s\n' "$POSTGRES_PASSWORD" > /tmp/password
    "$bin/initdb" -D "$data" --username="$POSTGRES_USER" --pwfile=/tmp/password \
      --auth=scram-sha-256 --encoding=UTF8 --locale=C.UTF-8 >/dev/null
    rm /tmp/password
    echo "CREATE DATABASE \"$POSTGRES_DB\";" | "$bin/postgres" --single -D "$data" postgres >/dev/null
  fi
  exec "$bin/postgres" -D "$data" -c listen_addresses=127.0.0.1 -p "$2"
  ;;
redis)
  exec redis-server --bind 127.0.0.1 --port "$2" --dir /data
  ;;
nginx)
  # The official image: templates/NAME.template, its ${VARIABLES} filled in, to conf.d/NAME.
  for template in /etc/nginx/templates/*.template; do
    envsubst '${NGINX_PORT} ${ENTITIES_UPSTREAM}' < "$template" \
      > "/etc/nginx/conf.d/$(basename "$template" .template)"
  done
  exec nginx -g 'daemon off;'
  ;;
esac
echo "test-services: unknown service $1" >&2
exit 2
