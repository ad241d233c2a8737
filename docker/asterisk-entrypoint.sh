#!/bin/sh
# Prepares Asterisk's configuration from the environment (docker-compose.yml takes it from .env)
# and the phone passwords file, then runs the command (Asterisk). Every problem is reported at
# once and nothing is changed while there is one; the checks and edits live beside this file:
#   asterisk-ari-password.sh  ARI_PASSWORD into ari.conf (the image carries a public sample)
#   asterisk-network.sh       SIP and RTP for the LAN, the trunk's addresses, ARI's address
#   asterisk-phones.sh        the phones' passwords into pjsip_phones.conf
#   asterisk-cluster.sh       one of several servers behind Kamailio: systemname, phones via the proxy
# ASTERISK_CONF_DIR exists for the tests, which run this script on a copy of dialplan/.
set -eu
conf_dir="${ASTERISK_CONF_DIR:-/etc/asterisk}"
here="$(dirname "$(readlink -f "$0")")"
problems=''
# Adds one line to the report (the parts call it from their check_* functions).
problem() {
  problems="${problems}  - $1
"
}
. "$here/asterisk-ari-password.sh"
. "$here/asterisk-network.sh"
. "$here/asterisk-phones.sh"
. "$here/asterisk-cluster.sh"

check_ari_password
check_network
check_cluster
phones_via_proxy || check_phones
if [ -n "$problems" ]; then
  printf 'Asterisk not started, its configuration has problems:\n%s' "$problems" >&2
  exit 2
fi
apply_ari_password
apply_network
phones_via_proxy || apply_phones
apply_cluster
exec "$@"
