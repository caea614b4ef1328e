#!/usr/bin/env bash
# Before any boot: the published NativeAOT blkt-dom0 serves the host's `blkt workload` over a vbd
# directory with the Parquet tap on, and the host's blkt reads the trace back. Proves, in seconds,
# that the AOT binary (Parquet.Net included, its IL2104/IL3053 silenced) writes a readable trace.
#   bash lib/host-smoke.sh BLKT_DOM0 BLKT_DLL OUTDIR
set -uo pipefail
dom0=${1:?blkt-dom0} blkt=${2:?blkt.dll} out=${3:?outdir}
rm -rf "$out" && mkdir -p "$out"
"$dom0" backend --vbd "$out/vbd" --store "file:$out/disk.img,size=16M" --profile linux --trace "$out/trace" --hash-data > "$out/backend.log" 2>&1 &
bp=$!
for _ in $(seq 300); do [ "$(cat "$out/vbd/xenstore/backend/state" 2>/dev/null)" = 2 ] && break; sleep 0.1; done
timeout 120 dotnet "$blkt" workload --vbd "$out/vbd" --kind journal --requests 2000 --duration 60s --verify --seed 5 > "$out/workload.log" 2>&1
wrc=$?
kill -TERM $bp 2>/dev/null
for _ in $(seq 300); do kill -0 $bp 2>/dev/null || break; sleep 0.1; done
kill -0 $bp 2>/dev/null && { kill -KILL $bp; echo "host-smoke: blkt-dom0 did not stop on SIGTERM"; }
wait $bp; brc=$?
timeout 120 dotnet "$blkt" inspect "$out/trace" --rows 0 > "$out/inspect.txt" 2>&1
irc=$?
requests=$(sed -n 's/^kinds: \([0-9,]*\) request.*/\1/p' "$out/inspect.txt" | tr -d ,)
served=$(sed -n 's/^requests: .*(total \([0-9,]*\)).*/\1/p' "$out/backend.log" | tr -d ,)
echo "host-smoke: workload exit $wrc, blkt-dom0 exit $brc, inspect exit $irc, trace requests ${requests:-?}, backend served ${served:-?}"
if [ $wrc -eq 0 ] && [ $brc -eq 0 ] && [ $irc -eq 0 ] && [ -n "$requests" ] && [ "$requests" = "$served" ] && grep -q ' 0 mismatches' "$out/workload.log"; then
  echo "host-smoke: PASS"
else
  echo "host-smoke: FAIL (see $out)"; tail -n 5 "$out/backend.log" "$out/workload.log" "$out/inspect.txt"; exit 1
fi
