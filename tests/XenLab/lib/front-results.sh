#!/usr/bin/env bash
# Pulls a front-* scenario's results out of the guest's console (the guest has no share with the
# host): conformance.txt (CONF lines), replay.txt (REPLAY lines) and replay/<strategy>/summary.json
# (put back together from the gzip'ed base64 REPLAY-JSON lines). Usage: front-results.sh RESULT_DIR
set -uo pipefail
res=$1 con=$1/guest-console.log
[ -f "$con" ] || { echo "front-results: no $con"; exit 1; }
sed -n 's/^domU: \(CONF[A-Z-]*:.*\)/\1/p' "$con" > "$res/conformance.txt"
sed -n 's/^domU: \(REPLAY[A-Z-]*:.*\)/\1/p' "$con" > "$res/replay.txt"
rm -rf "$res/replay"
for s in $(sed -n 's/^domU: REPLAY-JSON [^ ]* \([^ ]*\) .*/\1/p' "$con" | uniq); do
  mkdir -p "$res/replay/$s"
  sed -n "s/^domU: REPLAY-JSON [^ ]* $s \(.*\)/\1/p" "$con" | tr -d '\n' | base64 -d | gunzip > "$res/replay/$s/summary.json" \
    || echo "front-results: $s: summary.json could not be decoded"
done
echo "front-results: $(grep -c '^CONF: ' "$res/conformance.txt") conformance cases, $(grep -c '^REPLAY: ' "$res/replay.txt") replays, $(ls "$res/replay" 2>/dev/null | wc -l) summaries"
