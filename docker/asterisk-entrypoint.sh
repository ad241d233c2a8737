#!/bin/sh
# Writes the ARI password from the environment (docker-compose.yml takes it from .env) into
# ari.conf, then runs Asterisk. The image carries dialplan/ari.conf, whose password is a public
# sample: it must never be what a deployment runs with.
# ASTERISK_CONF_DIR exists for test/unit/docker-compose.test.ts, which runs this script on a copy.
set -eu
conf="${ASTERISK_CONF_DIR:-/etc/asterisk}/ari.conf"
sample='engine-sample-secret'

if [ -z "${ARI_PASSWORD:-}" ]; then
  echo "ARI_PASSWORD is not set: put a password of your own in .env (openssl rand -base64 32)" >&2
  exit 2
fi
if [ "$ARI_PASSWORD" = "$sample" ]; then
  echo "ARI_PASSWORD is the sample password of dialplan/ari.conf: choose one of your own (openssl rand -base64 32)" >&2
  exit 2
fi
# Only characters that are plain in an Asterisk config value, in sed's replacement and in HTTP
# basic auth (base64 and hex output qualify): ";" would start a comment, "&" and "|" confuse sed.
case "$ARI_PASSWORD" in
  *[!A-Za-z0-9+/=._~-]*)
    echo "ARI_PASSWORD may contain only letters, digits and + / = . _ ~ - (e.g. openssl rand -base64 32)" >&2
    exit 2
    ;;
esac

# The [engine] user is the only ARI user with a password line (see dialplan/ari.conf).
sed -i "s|^password *=.*|password = ${ARI_PASSWORD}|" "$conf"
if ! grep -qx "password = ${ARI_PASSWORD}" "$conf" || grep -q "$sample" "$conf"; then
  echo "could not write ARI_PASSWORD into $conf" >&2
  exit 2
fi
chmod 600 "$conf"
exec "$@"
