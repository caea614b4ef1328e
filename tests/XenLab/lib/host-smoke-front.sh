#!/usr/bin/env bash
# The frontend scenarios' host check, before any boot (~10 s): the published blkt-dom0 serves a vbd
# directory as our backend, and the same binary, as the frontend the guest runs, sends it the
# conformance suite and replays the guest's trace under two strategies (Parquet read, intents and
# summary JSON written under NativeAOT). Usage: host-smoke-front.sh BLKT_DOM0 TRACE OUT_DIR
set -uo pipefail
bin=$1 trace=$2 out=$3
rm -rf "$out"; mkdir -p "$out"
"$bin" backend --vbd "$out/vbd" --store mem:64M --profile linux > "$out/backend.log" 2>&1 &
be=$!
for _ in $(seq 100); do [ -e "$out/vbd/store" ] || [ -e "$out/vbd/xenstore" ] && break; sleep 0.1; done
sleep 1
timeout 120 "$bin" conformance --vbd "$out/vbd" --label linux-vbd > "$out/conformance.txt" 2>&1; crc=$?
timeout 300 "$bin" replay-guest "$trace" --vbd "$out/vbd" --label linux-vbd --strategies native-flush,linux-blkfront --output "$out/replay" > "$out/replay.txt" 2>&1; rrc=$?
kill -TERM $be 2>/dev/null; wait $be
echo "host-smoke-front: conformance exit $crc ($(grep -c '^CONF: ' "$out/conformance.txt") cases), replay exit $rrc ($(grep -c '^REPLAY: ' "$out/replay.txt") strategies)"
grep -E '^REPLAY: ' "$out/replay.txt" | cut -c1-160
[ $crc -eq 0 ] && [ $rrc -eq 0 ] && [ -s "$out/replay/native-flush/summary.json" ] && { echo "host-smoke-front: PASS"; exit 0; }
echo "host-smoke-front: FAIL"; tail -n 5 "$out/conformance.txt" "$out/replay.txt" "$out/backend.log"; exit 1
