# SIP, RTP and ARI addresses from the environment (sourced by asterisk-entrypoint.sh). dialplan/
# binds everything to 127.0.0.1 for the tests and the demo; a deployment binds SIP to the LAN and
# names the carrier's addresses, since the trunk is recognised by source address alone.
#
#   SIP_BIND_ADDRESS       address SIP listens on (UDP)                 default 0.0.0.0 (every interface)
#   SIP_PORT               its port                                     default 5060
#   SIP_EXTERNAL_ADDRESS   the public address phones and the carrier see, when Asterisk is behind NAT
#   SIP_LOCAL_NETS         comma list of networks not behind that NAT   default 10.0.0.0/8,172.16.0.0/12,192.168.0.0/16
#   RTP_START, RTP_END     the UDP port range of the media              default 10000, 20000
#   TRUNK_ADDRESSES        comma list of the carrier's addresses or networks (required)
#   VIDEO_TRUNK_ADDRESSES  comma list of the sign-language video provider's addresses (default: none)
#   ARI_BIND_ADDRESS       address of ARI's HTTP server                 default 127.0.0.1 (the engine on this box)
#   ARI_PORT               its port                                     default 8088

# An address, a network (address/bits) or a host name: no spaces, nothing an Asterisk value or sed
# would read as syntax.
is_address_list() {
  case "$1" in
    '' | ,* | *, | *,,* | *[!A-Za-z0-9.:/,-]*) return 1 ;;
  esac
  return 0
}

is_port() {
  case "$1" in
    '' | *[!0-9]*) return 1 ;;
  esac
  [ "$1" -ge 1 ] && [ "$1" -le 65535 ]
}

check_network() {
  for name in SIP_PORT ARI_PORT RTP_START RTP_END; do
    eval "value=\${$name:-}"
    if [ -n "$value" ] && ! is_port "$value"; then problem "$name must be a port number from 1 to 65535, not \"$value\""; fi
  done
  if is_port "${RTP_START:-10000}" && is_port "${RTP_END:-20000}" && [ "${RTP_START:-10000}" -ge "${RTP_END:-20000}" ]; then
    problem "RTP_START (${RTP_START:-10000}) must be below RTP_END (${RTP_END:-20000})"
  fi
  for name in SIP_BIND_ADDRESS SIP_EXTERNAL_ADDRESS ARI_BIND_ADDRESS; do
    eval "value=\${$name:-}"
    case "$value" in
      *,* | *[!A-Za-z0-9.:-]*) problem "$name must be one address, not \"$value\"" ;;
    esac
  done
  for name in SIP_LOCAL_NETS VIDEO_TRUNK_ADDRESSES; do
    eval "value=\${$name:-}"
    if [ -n "$value" ] && ! is_address_list "$value"; then problem "$name must be a comma list of addresses or networks (a.b.c.d/bits), not \"$value\""; fi
  done
  if [ -z "${TRUNK_ADDRESSES:-}" ]; then
    problem "TRUNK_ADDRESSES is not set: the carrier's addresses or networks, comma-separated (calls from anywhere else are refused)"
  elif ! is_address_list "$TRUNK_ADDRESSES"; then
    problem "TRUNK_ADDRESSES must be a comma list of addresses or networks (a.b.c.d/bits), not \"$TRUNK_ADDRESSES\""
  fi
}

# host:port, with an IPv6 address in brackets.
host_port() {
  case "$1" in
    *:*) echo "[$1]:$2" ;;
    *) echo "$1:$2" ;;
  esac
}

apply_network() {
  pjsip="$conf_dir/pjsip.conf"
  sed -i "s|^bind = .*|bind = $(host_port "${SIP_BIND_ADDRESS:-0.0.0.0}" "${SIP_PORT:-5060}")|" "$pjsip"
  # Written afresh at every start: the lines of an earlier start go first.
  sed -i '/^external_media_address = /d; /^external_signaling_address = /d; /^local_net = /d' "$pjsip"
  if [ -n "${SIP_EXTERNAL_ADDRESS:-}" ]; then
    nets=''
    for net in $(echo "${SIP_LOCAL_NETS:-10.0.0.0/8,172.16.0.0/12,192.168.0.0/16}" | tr ',' ' '); do nets="${nets}\\
local_net = ${net}"; done
    sed -i "/^bind = /a\\
external_media_address = ${SIP_EXTERNAL_ADDRESS}\\
external_signaling_address = ${SIP_EXTERNAL_ADDRESS}${nets}" "$pjsip"
  fi
  sed -i "s|^match = .*|match = ${TRUNK_ADDRESSES}|" "$pjsip"
  if [ -n "${VIDEO_TRUNK_ADDRESSES:-}" ]; then
    sed -i "s|^remote_hosts = .*|remote_hosts = ${VIDEO_TRUNK_ADDRESSES}|" "$conf_dir/pjsip_wizard.conf"
  fi
  sed -i "s|^rtpstart = .*|rtpstart = ${RTP_START:-10000}|; s|^rtpend = .*|rtpend = ${RTP_END:-20000}|" "$conf_dir/rtp.conf"
  sed -i "s|^bindaddr = .*|bindaddr = ${ARI_BIND_ADDRESS:-127.0.0.1}|; s|^bindport = .*|bindport = ${ARI_PORT:-8088}|" "$conf_dir/http.conf"
}
