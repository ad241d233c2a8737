# The phones' passwords (sourced by asterisk-entrypoint.sh). The image carries pjsip_phones.conf.in,
# the deployment file's phones with a placeholder @PASSWORD:<endpoint>@ each (scripts/render-phones.ts
# --placeholders); every start writes pjsip_phones.conf from it and the passwords file, so that a
# changed file takes effect at the next start.
#
#   PHONE_PASSWORDS_FILE   lines endpoint=password ("#" comments and blank lines allowed), one per
#                          phone of the deployment (npm run -s phone-passwords > phone-passwords);
#                          default /run/secrets/phone_passwords (docker-compose.yml's secret)

phones_in="$conf_dir/pjsip_phones.conf.in"

check_phones() {
  # dialplan/ as it is (tests, demo) has the sample phones and no template: nothing to fill in.
  [ -f "$phones_in" ] || return 0
  file="${PHONE_PASSWORDS_FILE:-/run/secrets/phone_passwords}"
  if [ ! -r "$file" ]; then
    problem "no phone passwords file at $file: write one with npm run -s phone-passwords > phone-passwords"
    return 0
  fi
  seen=' '
  line_no=0
  while IFS= read -r line || [ -n "$line" ]; do
    line_no=$((line_no + 1))
    line="$(printf '%s' "$line" | tr -d '\r')"
    case "$line" in '' | '#'*) continue ;; esac
    endpoint="${line%%=*}"
    password="${line#*=}"
    where="$file line $line_no"
    if [ "$endpoint" = "$line" ] || [ -z "$endpoint" ]; then
      problem "$where: not endpoint=password"
      continue
    fi
    if ! grep -qF "@PASSWORD:${endpoint}@" "$phones_in"; then
      problem "$where: \"$endpoint\" is not a phone of the deployment file"
    fi
    case "$seen" in *" $endpoint "*) problem "$where: \"$endpoint\" has a password already" ;; esac
    seen="$seen$endpoint "
    if [ "${#password}" -lt 12 ]; then
      problem "$where: the password of $endpoint is shorter than 12 characters"
    elif [ "$password" = "${endpoint}-secret" ]; then
      problem "$where: the password of $endpoint is the public sample: choose one of your own"
    fi
    case "$password" in
      *[!A-Za-z0-9+/=._~-]*) problem "$where: the password of $endpoint may contain only letters, digits and + / = . _ ~ -" ;;
    esac
  done < "$file"
  for endpoint in $(sed -n 's/^inbound_auth\/password = @PASSWORD:\(.*\)@$/\1/p' "$phones_in"); do
    case "$seen" in *" $endpoint "*) ;; *) problem "$file has no password for the phone $endpoint" ;; esac
  done
}

apply_phones() {
  [ -f "$phones_in" ] || return 0
  file="${PHONE_PASSWORDS_FILE:-/run/secrets/phone_passwords}"
  out="$conf_dir/pjsip_phones.conf"
  cp "$phones_in" "$out.tmp"
  while IFS= read -r line || [ -n "$line" ]; do
    line="$(printf '%s' "$line" | tr -d '\r')"
    case "$line" in '' | '#'*) continue ;; esac
    endpoint="$(printf '%s' "${line%%=*}" | sed 's/[.]/\\./g')"
    sed -i "s|@PASSWORD:${endpoint}@|${line#*=}|" "$out.tmp"
  done < "$file"
  chmod 600 "$out.tmp"
  mv "$out.tmp" "$out"
}
