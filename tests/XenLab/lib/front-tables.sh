#!/usr/bin/env bash
# The README's two tables from the front-* scenarios' results: the conformance table (the real
# backends' answers beside our simulated profiles', from `blkt conformance --profile linux,qemu`) and
# the strategy x backend replay matrix. Usage: front-tables.sh BLKT_DLL OUT_DIR (holding front-*/)
set -uo pipefail
blkt=$1 out=$2
sim=$(mktemp); timeout 300 dotnet "$blkt" conformance --profile linux,qemu > "$sim" || exit 1
cols=(); for b in blkback qdisk linux qemu; do [ -s "$out/front-$b/conformance.txt" ] && cols+=("$b"); done
echo "### Conformance: the same requests, answered"
echo
printf '| case | sim linux |'; for b in "${cols[@]}"; do printf ' %s |' "$(case $b in blkback) echo 'real blkback';; qdisk) echo 'real qdisk';; *) echo "ours $b (dom0)";; esac)"; done; printf ' sim qemu |\n'
printf '|---|:-:|'; for _ in "${cols[@]}"; do printf ':-:|'; done; printf ':-:|\n'
for c in $(awk -F'|' 'NR>2{gsub(/ /,"",$2); print $2}' "$sim"); do
  l=$(awk -F'|' -v c="$c" '{x=$2; gsub(/ /,"",x)} x==c{gsub(/ /,"",$3); print $3}' "$sim")
  q=$(awk -F'|' -v c="$c" '{x=$2; gsub(/ /,"",x)} x==c{gsub(/ /,"",$4); print $4}' "$sim")
  printf '| %s | %s |' "$c" "$l"
  for b in "${cols[@]}"; do printf ' %s |' "$(awk -v c="$c" '$1=="CONF:" && $2==c {print $3}' "$out/front-$b/conformance.txt")"; done
  printf ' %s |\n' "$q"
done
rm -f "$sim"
echo
echo "### Replay matrix: the guest's own trace under every strategy, from inside the guest"
echo
echo '| backend | strategy | intents | IOPS | p50 µs | p99 µs | flush intents: told OKAY / ERROR / EOPNOTSUPP | told OKAY without a ring OKAY | ring errors | bad sectors read |'
echo '|---|---|--:|--:|--:|--:|:-:|--:|--:|--:|'
for b in "${cols[@]}"; do
  f=$out/front-$b/replay.txt; [ -s "$f" ] || continue
  grep '^REPLAY: ' "$f" | while read -r _ label strategy rest; do
    if [[ $rest == FAILED* ]]; then echo "| $label | $strategy | failed: ${rest#FAILED } | | | | | | | |"; continue; fi
    v() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<<" $rest"; }
    echo "| $label | $strategy | $(v intents) | $(v iops) | $(v p50us) | $(v p99us) | $(v okay) / $(v error) / $(v notsupp) | $(v okay-without-ring-okay) | $(v ring-errors) | $(v verify-bad) |"
  done
done
