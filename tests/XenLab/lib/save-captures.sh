#!/usr/bin/env bash
# Copies what the README's tables are made from out of a lab run into captures/<scenario>/: the
# Parquet trace (blkt-* scenarios) or requests.csv (lab-*), its summary, the guest's own report, the
# xenstore dumps and the backend's log. Only scenarios whose verdict was PASS are copied.
#   bash lib/save-captures.sh [RESULTS_DIR (default out/xenlab)] SCENARIO...
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
res=${XENLAB_OUT:-$here/../../out/xenlab}
for sc in "$@"; do
  src=$res/$sc dst=$here/captures/$sc
  grep -q '^PASS' "$src/verdict.txt" 2>/dev/null || { echo "save-captures: $sc: no PASS verdict in $src, skipped" >&2; continue; }
  rm -rf "$dst" && mkdir -p "$dst"
  # front-*: the guest's conformance answers and replay summaries (front-results.sh), not the backend's trace.
  [[ $sc != front-* && -d "$src/trace" ]] && { mkdir -p "$dst/trace"; cp "$src"/trace/*.parquet "$dst/trace/"; }
  [[ $sc == front-* && -d "$src/replay" ]] && cp -r "$src/replay" "$dst/"
  for f in summary.txt requests.csv xenstore-backend.txt xenstore-frontend.txt conformance.txt replay.txt qemu-dm.log; do [ -f "$src/$f" ] && cp "$src/$f" "$dst/"; done
  grep '^domU:' "$src/guest-console.log" > "$dst/guest.txt" || true
  grep -v '^blkt backend: recording' "$src/backend.log" > "$dst/backend.txt" 2>/dev/null || true
  echo "save-captures: $sc -> $dst"
done
