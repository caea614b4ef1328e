#!/usr/bin/env bash
# Writes the front-* tables into the READMEs between their markers, from saved captures (never by
# hand): the full conformance table and replay matrix into tests/XenLab/README.md
# (<!-- front-tables:begin/end -->), the short form into the repository's README.md
# (<!-- front-tables-short:begin/end -->). Usage: front-readme.sh BLKT_DLL [CAPTURES_DIR]
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
repo=$(cd "$here/../.." && pwd)
blkt=$1 caps=${2:-$here/captures}
all=$(mktemp)
bash "$here/lib/front-tables.sh" "$blkt" "$caps" --root > "$all"
split=$(grep -n '^### Replay against real backends (short form)' "$all" | cut -d: -f1)
head -n $((split - 1)) "$all" > "$all.full"
tail -n +$((split + 2)) "$all" > "$all.short"
put() { # file marker content-file
  awk -v b="<!-- $2:begin -->" -v e="<!-- $2:end -->" -v f="$3" '
    $0==b {print; print "<!-- written by tests/XenLab/lib/front-readme.sh from tests/XenLab/captures/front-*; do not edit -->"; while ((getline l < f) > 0) print l; skip=1; next}
    $0==e {skip=0} !skip' "$1" > "$1.tmp"
  grep -qF "<!-- $2:begin -->" "$1" || { echo "front-readme: no <!-- $2:begin --> in $1" >&2; rm -f "$1.tmp"; exit 1; }
  mv "$1.tmp" "$1"
}
put "$here/README.md" front-tables "$all.full"
put "$repo/README.md" front-tables-short "$all.short"
rm -f "$all" "$all.full" "$all.short"
echo "front-readme: tables written into tests/XenLab/README.md and README.md"
