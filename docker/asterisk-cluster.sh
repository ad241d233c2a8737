# One of several Asterisk servers behind Kamailio (sourced by asterisk-entrypoint.sh; docker-compose's
# `ha` profile). Unset, the server stands alone and its phones register here.
#
#   ASTERISK_SYSTEM_NAME  this server's systemname (asterisk.conf), the prefix of its channels' ids;
#                         each server of the set needs its own       default: dialplan's `overflow`
#   PHONES_VIA_PROXY      host:port of Kamailio: the phones register there, and this server reaches
#                         them through it (pjsip_phones_via_proxy.conf.in, no passwords here)

proxied_in="$conf_dir/pjsip_phones_via_proxy.conf.in"
# The host the image's template names in place of the proxy (scripts/render-phones.ts --via-proxy).
proxy_placeholder='sip-proxy.invalid:5060'

check_cluster() {
  case "${ASTERISK_SYSTEM_NAME:-}" in
    *[!A-Za-z0-9_]*) problem "ASTERISK_SYSTEM_NAME may contain only letters, digits and _ (it prefixes channel ids, which a - would confuse), not \"$ASTERISK_SYSTEM_NAME\"" ;;
  esac
  [ -n "${PHONES_VIA_PROXY:-}" ] || return 0
  if ! printf '%s' "$PHONES_VIA_PROXY" | grep -Eq '^[A-Za-z0-9.-]+(:[0-9]{1,5})?$'; then
    problem "PHONES_VIA_PROXY must be the SIP proxy's host:port (e.g. 10.0.0.10:5060), not \"$PHONES_VIA_PROXY\""
  fi
  [ -f "$proxied_in" ] || problem "PHONES_VIA_PROXY is set, but this image has no $proxied_in"
}

# Whether the phones are behind the proxy (then asterisk-phones.sh has nothing to do).
phones_via_proxy() {
  [ -n "${PHONES_VIA_PROXY:-}" ]
}

apply_cluster() {
  if [ -n "${ASTERISK_SYSTEM_NAME:-}" ]; then
    sed -i "s|^systemname = .*|systemname = ${ASTERISK_SYSTEM_NAME}|" "$conf_dir/asterisk.conf"
  fi
  phones_via_proxy || return 0
  sed "s|@${proxy_placeholder}|@${PHONES_VIA_PROXY}|; s|; ${proxy_placeholder};|; ${PHONES_VIA_PROXY};|" "$proxied_in" > "$conf_dir/pjsip_phones.conf.tmp"
  mv "$conf_dir/pjsip_phones.conf.tmp" "$conf_dir/pjsip_phones.conf"
}
