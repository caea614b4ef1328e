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
[ "${3:-}" = --root ] || exit 0
# --root: the short form for the repository's README: one row per strategy, one column per backend,
# and how many conformance answers of each real backend match each simulated profile.
echo
echo "### Replay against real backends (short form)"
echo
echo "Each cell: flush intents told OKAY (of all); of those, told OKAY with no OKAY flush on the ring behind them (\"unbacked\": a durability violation); sectors read back wrong (\"bad\"); IOPS; p50 / p99 latency in ms (under TCG emulation: compare ratios, not absolutes). \"failed\": the replay did not run to the end (tests/XenLab/README.md has why)."
echo
printf '| strategy |'; for b in "${cols[@]}"; do printf ' %s |' "$(case $b in blkback) echo 'Linux 6.1 blkback';; qdisk) echo 'QEMU 7.2 qdisk';; *) echo "ours, $b profile";; esac)"; done; echo
printf '|---|'; for _ in "${cols[@]}"; do printf -- '---|'; done; echo
strategies=$(for b in "${cols[@]}"; do f=$out/front-$b/replay.txt; [ -s "$f" ] && awk '$1=="REPLAY:"{print $3}' "$f"; done | awk '!seen[$0]++')
for s in $strategies; do
  printf '| %s |' "$s"
  for b in "${cols[@]}"; do
    line=$(awk -v s="$s" '$1=="REPLAY:" && $3==s' "$out/front-$b/replay.txt" 2>/dev/null | head -n 1)
    if [ -z "$line" ]; then printf ' not run |'; continue; fi
    if [[ $line == *" FAILED "* ]]; then printf ' failed |'; continue; fi
    v() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<<" $line"; }
    ms() { awk -v u="$1" 'BEGIN{printf "%.0f", u/1000}'; }
    i=$(v intents); inc=; [ "${i%/*}" = "${i#*/}" ] || inc=" (only $i intents)"
    printf ' %s/%s OKAY, %s unbacked, %s bad; %s IOPS; %s / %s%s |' "$(v okay)" "$(v flushes)" "$(v okay-without-ring-okay)" "$(v verify-bad)" "$(v iops)" "$(ms "$(v p50us)")" "$(ms "$(v p99us)")" "$inc"
  done
  echo
done
echo
echo "Conformance (the fixed suite of 22 requests): answers equal to our simulated profiles'."
echo
echo '| backend in the lab | = sim linux | = sim qemu |'
echo '|---|--:|--:|'
sim=$(mktemp); timeout 300 dotnet "$blkt" conformance --profile linux,qemu > "$sim" || exit 1
for b in "${cols[@]}"; do
  f=$out/front-$b/conformance.txt
  n=0 l=0 q=0
  for c in $(awk -F'|' 'NR>2{gsub(/ /,"",$2); print $2}' "$sim"); do
    r=$(awk -v c="$c" '$1=="CONF:" && $2==c {print $3; exit}' "$f"); [ -n "$r" ] || continue
    n=$((n+1))
    [ "$r" = "$(awk -F'|' -v c="$c" '{x=$2; gsub(/ /,"",x)} x==c{gsub(/ /,"",$3); print $3}' "$sim")" ] && l=$((l+1))
    [ "$r" = "$(awk -F'|' -v c="$c" '{x=$2; gsub(/ /,"",x)} x==c{gsub(/ /,"",$4); print $4}' "$sim")" ] && q=$((q+1))
  done
  name=$(case $b in blkback) echo 'Linux 6.1 blkback';; qdisk) echo 'QEMU 7.2 qdisk';; *) echo "ours in dom0, $b profile";; esac)
  echo "| $name | $l of $n | $q of $n |"
done
rm -f "$sim"
