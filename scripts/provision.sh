#!/usr/bin/env bash
# Idempotent provisioning of everything the demo and the tests need on Debian 12 (run as root):
# Debian packages (redis-server, sip-tester, debootstrap, espeak-ng, sox, ffmpeg for the sign-language
# video clips, chromium for the agent desktop's browser test, kamailio for the SIP proxy in front of
# several Asterisk servers), Node dependencies, the
# cached Asterisk 22 root filesystem built from Debian sid (with its sounds and music on hold), and
# the German announcements (config/county.yaml `announcements:`) rendered into that root filesystem.
# A second run with nothing missing takes seconds.
set -euo pipefail

ROOTFS="${ASTERISK_ROOTFS:-/var/cache/overflow-engine/asterisk-rootfs}"
here="$(cd "$(dirname "$0")/.." && pwd)"
say() { printf '[provision] %s\n' "$*"; }

need_pkgs=()
for pair in redis-server:redis-server sipp:sip-tester debootstrap:debootstrap espeak-ng:espeak-ng sox:sox ffmpeg:ffmpeg chromium:chromium; do
  cmd="${pair%%:*}"; pkg="${pair#*:}"
  command -v "$cmd" >/dev/null 2>&1 || need_pkgs+=("$pkg")
done
# Readable text in the desktop test's screenshots (chromium only recommends fonts) and the font of
# the sign-language video clips.
[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || need_pkgs+=(fonts-dejavu-core)
# Kamailio lives in /usr/sbin, which a non-root PATH may lack.
[ -x /usr/sbin/kamailio ] || need_pkgs+=(kamailio)
if [ "${#need_pkgs[@]}" -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then say "missing packages ${need_pkgs[*]}: run as root"; exit 1; fi
  say "installing Debian packages: ${need_pkgs[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need_pkgs[@]}" >/dev/null
  if [[ " ${need_pkgs[*]} " == *" kamailio "* ]]; then
    # The tests start private Kamailio instances (test/support/kamailio-instance.ts); the system
    # service that the package enables would hold port 5060 with Debian's sample configuration.
    # Only a Kamailio installed here is switched off, never one that was there before.
    say "disabling the kamailio system service"
    # `systemctl disable` works without a running systemd too (it removes the unit's links).
    if command -v systemctl >/dev/null 2>&1; then systemctl disable kamailio >/dev/null 2>&1 || true; fi
    update-rc.d kamailio disable >/dev/null 2>&1 || true
    if [ -d /run/systemd/system ]; then systemctl stop kamailio >/dev/null 2>&1 || true
    else invoke-rc.d kamailio stop >/dev/null 2>&1 || true; fi
  fi
fi

rootfs_ok() {
  [ -x "$ROOTFS/usr/sbin/asterisk" ] && [ -f "$ROOTFS/.provisioned" ] &&
    chroot "$ROOTFS" /usr/sbin/asterisk -V 2>/dev/null | grep -q '^Asterisk 2[2-9]'
}

if rootfs_ok; then
  say "asterisk root filesystem ready: $ROOTFS ($(chroot "$ROOTFS" /usr/sbin/asterisk -V))"
else
  if [ "$(id -u)" -ne 0 ]; then say "asterisk root filesystem missing at $ROOTFS: run as root"; exit 1; fi
  mirror="$(awk '/^URIs:/ {print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)"
  mirror="${mirror:-http://deb.debian.org/debian}"
  say "building asterisk root filesystem from Debian sid at $ROOTFS (mirror $mirror, takes about a minute)"
  rm -rf "$ROOTFS.tmp"
  mkdir -p "$(dirname "$ROOTFS")"
  debootstrap --variant=minbase --include=asterisk,asterisk-core-sounds-en-gsm,asterisk-moh-opsound-gsm sid "$ROOTFS.tmp" "$mirror" \
    > "$(dirname "$ROOTFS")/debootstrap.log" 2>&1 || {
      say "debootstrap failed, last lines of $(dirname "$ROOTFS")/debootstrap.log:"; tail -n 20 "$(dirname "$ROOTFS")/debootstrap.log"; exit 1; }
  touch "$ROOTFS.tmp/.provisioned"
  rm -rf "$ROOTFS"
  mv "$ROOTFS.tmp" "$ROOTFS"
  say "asterisk root filesystem ready: $(chroot "$ROOTFS" /usr/sbin/asterisk -V)"
fi

# Sounds and music on hold: part of the debootstrap --include list, but an older cache may lack them
# (the sounds/en link is absolute inside the root filesystem, so look from within it).
if ! chroot "$ROOTFS" sh -c 'ls /usr/share/asterisk/moh/*.gsm /usr/share/asterisk/sounds/en/hello-world.gsm' >/dev/null 2>&1; then
  say "installing asterisk sounds and music on hold into $ROOTFS"
  # sid's Release files carry a short Valid-Until; a cache built a while ago must still install.
  chroot "$ROOTFS" apt-get -o Acquire::Check-Valid-Until=false update -qq
  chroot "$ROOTFS" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    asterisk-core-sounds-en-gsm asterisk-moh-opsound-gsm
fi

if [ ! -d "$here/node_modules" ] || [ "$here/package-lock.json" -nt "$here/node_modules/.package-lock.json" ]; then
  say "installing node dependencies"
  (cd "$here" && npm ci --no-audit --no-fund --loglevel=error)
fi

# German announcements: the texts of config/county.yaml (`announcements:`, shipped defaults in
# src/domain/announcements.ts) rendered on the host into the root filesystem's sounds with espeak-ng
# and sox, and as video clips for sign-language callers with ffmpeg; only new or edited texts are rendered. Needs the node dependencies above (tsx, the config
# loader), hence after them.
(cd "$here" && npx --no-install tsx scripts/render-announcements.ts "$ROOTFS" config/county.yaml)
# The sample platform's second center, into its own directory (serviceCenter.soundsDirectory).
(cd "$here" && npx --no-install tsx scripts/render-announcements.ts "$ROOTFS" config/kreis-segeberg.yaml)
say "done"
