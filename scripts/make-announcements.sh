#!/usr/bin/env bash
# Renders the German announcements of <announcements-dir>/texts.tsv into Asterisk's sounds
# directory under <root> (usr/share/asterisk/sounds/overflow/<name>.wav, 8 kHz mono 16-bit, what
# Asterisk plays without effort), with espeak-ng and sox. A stamp of voice + text per file means
# only edited texts are rendered again.
# Used by scripts/provision.sh (root = the cached Asterisk root filesystem) and by
# docker/asterisk.Dockerfile (root = /).
# Usage: make-announcements.sh <root> <announcements-dir>
set -euo pipefail

root="${1:?usage: make-announcements.sh <root> <announcements-dir>}"
texts="${2:?usage: make-announcements.sh <root> <announcements-dir>}/texts.tsv"
voice="de"; speed=155
sounds="${root%/}/usr/share/asterisk/sounds/overflow"
say() { printf '[announcements] %s\n' "$*"; }

for cmd in espeak-ng sox sha256sum; do
  command -v "$cmd" >/dev/null 2>&1 || { say "$cmd is missing (Debian packages espeak-ng, sox)"; exit 1; }
done
[ -f "$texts" ] || { say "no $texts"; exit 1; }
mkdir -p "$sounds/.stamps"

while IFS=$'\t' read -r name text || [ -n "$name" ]; do
  case "$name" in ''|'#'*) continue ;; esac
  [ -n "$text" ] || { say "announcement '$name' has no text in $texts"; exit 1; }
  stamp="$(printf '%s|%s|%s' "$voice" "$speed" "$text" | sha256sum | cut -d' ' -f1)"
  if [ -f "$sounds/$name.wav" ] && [ "$(cat "$sounds/.stamps/$name" 2>/dev/null)" = "$stamp" ]; then continue; fi
  say "rendering $name"
  tmp="$(mktemp --suffix=.wav)"
  espeak-ng -v "$voice" -s "$speed" -w "$tmp" "$text"
  sox "$tmp" -r 8000 -c 1 -b 16 -e signed-integer "$sounds/$name.wav" norm -3
  rm -f "$tmp"
  printf '%s\n' "$stamp" > "$sounds/.stamps/$name"
done < "$texts"
