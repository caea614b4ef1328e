#!/usr/bin/env bash
# Regenerates the sample captures: each is a real `blkt backend --trace` capture of a seeded
# `blkt workload` over a vbd directory (two processes), small enough to commit (< 1 MB).
# Timestamps differ from run to run, so every *.baseline.txt (the output of `blkt analyze` on its
# trace, checked by SampleTraceBaselineTests) is rewritten here too. Pass --baselines-only to keep
# the traces and only rewrite the baselines (after an intended change to the report).
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build src/BlkTrace.Cli -c Release -v q -nologo >/dev/null
blkt=(dotnet src/BlkTrace.Cli/bin/Release/net10.0/blkt.dll)
work=$(mktemp -d /tmp/blkt-samples-XXXX)
trap 'rm -rf "$work"' EXIT

# name  profile  store  workload  requests  extra workload options
baselines() {
  for trace in sample-traces/*.parquet; do
    "${blkt[@]}" analyze "$trace" > "${trace%.parquet}.baseline.txt"
    rm -f "${trace%.parquet}.received.txt"
    echo "wrote ${trace%.parquet}.baseline.txt"
  done
}
if [ "${1:-}" = --baselines-only ]; then baselines; exit 0; fi

samples=(
  "oltp-linux           linux          mem:256M,cache  oltp        6000  --qd 16"
  "journal-linux-2.6.18 linux-2.6.18   mem:256M,cache  journal     4000  --qd 4 --flush barrier"
  "fileserver-qemu      qemu           mem:256M,cache  fileserver  6000  --qd 16"
  "streaming-solaris    solaris        mem:256M,cache  streaming   1500  --qd 8 --flush barrier"
)
for line in "${samples[@]}"; do
  read -r name profile store kind requests extra <<<"$line"
  vbd="$work/$name.vbd"
  "${blkt[@]}" backend --vbd "$vbd" --store "$store" --profile "$profile" --trace "$work/$name" --hash-data > "$work/$name.backend.log" 2>&1 &
  pid=$!
  for _ in $(seq 300); do [ "$(cat "$vbd/xenstore/backend/state" 2>/dev/null)" = 2 ] && break; sleep 0.1; done
  # shellcheck disable=SC2086
  "${blkt[@]}" workload --vbd "$vbd" --kind "$kind" --requests "$requests" --duration 120s --seed 7 $extra
  kill -TERM "$pid"; wait "$pid" || true
  rm -f "sample-traces/$name.parquet"
  cp "$work/$name/$name.00000.parquet" "sample-traces/$name.parquet"
  [ ! -e "$work/$name/$name.00001.parquet" ] || { echo "$name rolled into several segments" >&2; exit 1; }
  ls -la "sample-traces/$name.parquet"
done
baselines
