# ARI_PASSWORD into ari.conf (sourced by asterisk-entrypoint.sh). The image carries
# dialplan/ari.conf, whose password is a public sample: it must never be what a deployment runs with.
ari_sample='engine-sample-secret'

check_ari_password() {
  if [ -z "${ARI_PASSWORD:-}" ]; then
    problem "ARI_PASSWORD is not set: put a password of your own in .env (openssl rand -base64 32)"
  elif [ "$ARI_PASSWORD" = "$ari_sample" ]; then
    problem "ARI_PASSWORD is the sample password of dialplan/ari.conf: choose one of your own (openssl rand -base64 32)"
  else
    # Only characters that are plain in an Asterisk config value, in sed's replacement and in HTTP
    # basic auth (base64 and hex output qualify): ";" would start a comment, "&" and "|" confuse sed.
    case "$ARI_PASSWORD" in
      *[!A-Za-z0-9+/=._~-]*) problem "ARI_PASSWORD may contain only letters, digits and + / = . _ ~ - (e.g. openssl rand -base64 32)" ;;
    esac
  fi
}

apply_ari_password() {
  ari_conf="$conf_dir/ari.conf"
  # The [engine] user is the only ARI user with a password line (see dialplan/ari.conf).
  sed -i "s|^password *=.*|password = ${ARI_PASSWORD}|" "$ari_conf"
  if ! grep -qx "password = ${ARI_PASSWORD}" "$ari_conf" || grep -q "$ari_sample" "$ari_conf"; then
    echo "could not write ARI_PASSWORD into $ari_conf" >&2
    exit 2
  fi
  chmod 600 "$ari_conf"
}
