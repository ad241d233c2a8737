#!/bin/sh
# Starts Kamailio in front of the Asterisk servers (docker-compose.yml's `ha` profile): writes the
# dispatcher list and the phones' password table from the environment and the phone passwords file,
# then runs Kamailio on dialplan/kamailio/kamailio.cfg in the foreground. Every problem is reported
# at once, and nothing starts while there is one.
#
#   KAMAILIO_LISTEN         the address Kamailio listens on (UDP)          default 0.0.0.0:5060
#   ASTERISK_SIP_ADDRESSES  the Asterisk servers' SIP host:port, comma-separated (required)
#   CARRIER_SUBNET          INVITEs from outside the Asterisk set only from this subnet (e.g. 192.0.2.0/24)
#   PHONE_PASSWORDS_FILE    endpoint=password per phone                     default /run/secrets/phone_passwords
#   KAMAILIO_DIR            where the list, the table and the control socket go   default /run/kamailio
#   KAMAILIO_CFG            the configuration                               default /etc/kamailio/kamailio.cfg
# Extra arguments go to kamailio (the tests pass -c: check the configuration and exit).
set -eu
dir="${KAMAILIO_DIR:-/run/kamailio}"
cfg="${KAMAILIO_CFG:-/etc/kamailio/kamailio.cfg}"
file="${PHONE_PASSWORDS_FILE:-/run/secrets/phone_passwords}"
problems=''
problem() {
  problems="${problems}  - $1
"
}

listen="${KAMAILIO_LISTEN:-0.0.0.0:5060}"
printf '%s' "$listen" | grep -Eq '^[A-Za-z0-9.-]+:[0-9]{1,5}$' || problem "KAMAILIO_LISTEN must be address:port, not \"$listen\""
if [ -z "${ASTERISK_SIP_ADDRESSES:-}" ]; then
  problem "ASTERISK_SIP_ADDRESSES is not set: the Asterisk servers' SIP host:port, comma-separated"
else
  for address in $(printf '%s' "$ASTERISK_SIP_ADDRESSES" | tr ',' ' '); do
    printf '%s' "$address" | grep -Eq '^[A-Za-z0-9.-]+:[0-9]{1,5}$' || problem "ASTERISK_SIP_ADDRESSES: \"$address\" is not host:port"
  done
fi
if [ -n "${CARRIER_SUBNET:-}" ] && ! printf '%s' "$CARRIER_SUBNET" | grep -Eq '^[0-9.]+/[0-9]{1,2}$'; then
  problem "CARRIER_SUBNET must be a network such as 192.0.2.0/24, not \"$CARRIER_SUBNET\""
fi
if [ ! -r "$file" ]; then
  problem "no phone passwords file at $file: write one with npm run -s phone-passwords > phone-passwords"
elif ! grep -Eq '^[^#=][^=]*=' "$file"; then
  problem "$file has no endpoint=password line"
fi
# The same characters as the Asterisk side accepts (docker/asterisk-phones.sh), none needing escapes here.
if [ -r "$file" ] && grep -Ev '^(#.*|[[:space:]]*)$' "$file" | grep -Evq '^[A-Za-z0-9_.-]+=[A-Za-z0-9+/=._~-]{12,}$'; then
  problem "$file: every line must be endpoint=password, the password 12 or more letters, digits or + / = . _ ~ -"
fi
if [ -n "$problems" ]; then
  printf 'Kamailio not started, its configuration has problems:\n%s' "$problems" >&2
  exit 2
fi

mkdir -p "$dir/db"
for address in $(printf '%s' "$ASTERISK_SIP_ADDRESSES" | tr ',' ' '); do echo "1 sip:$address 0 0"; done > "$dir/dispatcher.list"
{
  echo 'username(str) password(str)'
  grep -Ev '^(#.*|[[:space:]]*)$' "$file" | tr -d '\r' | sed 's/=/:/'
} > "$dir/db/phones"
chmod 600 "$dir/db/phones"

set -- -DD -E -f "$cfg" \
  -A "SIP_LISTEN=udp:$listen" \
  -A "DISPATCHER_LIST=\"$dir/dispatcher.list\"" \
  -A "PHONES_DB=\"text://$dir/db\"" \
  -A "CTL_SOCKET=\"unix:$dir/kamailio_ctl\"" \
  ${CARRIER_SUBNET:+-A "CARRIER_SUBNET=\"$CARRIER_SUBNET\""} \
  "$@"
exec "${KAMAILIO_BIN:-kamailio}" "$@"
