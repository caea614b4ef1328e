#!/usr/bin/env bash
# A Parquet trace (a directory of segments written by the real backend's tap) summarised like the
# lab backend's requests.csv (lib/summarize.sh): `blkt inspect --rows N` prints every row, and its
# rows become CSV. Nothing here reads kernel code or guesses: it is what crossed the ring.
#   bash lib/summarize-trace.sh BLKT_DLL TRACE_DIR [CSV_OUT]
set -euo pipefail
blkt=${1:?blkt.dll} trace=${2:?trace directory} csv=${3:-$(mktemp)}
timeout 300 dotnet "$blkt" inspect "$trace" --rows 1000000 | awk '
  BEGIN { OFS = ","; print "seq,ts_ns,kind,ring_idx,id,op,nr_segments,sector,nr_sectors,status,indirect_op"
          split("Read Write WriteBarrier FlushDiskCache Reserved1 Discard Indirect", n, " "); for (i in n) code[n[i]] = i - 1 }
  /^first [0-9,]+ row/ { rows = 1; getline; next }
  rows && NF >= 12 {
    kind = $3 == "Request" ? 0 : $3 == "Response" ? 1 : $3 == "StoreFlush" ? 2 : 9
    split($7, ops, "/"); op = (ops[1] in code) ? code[ops[1]] : ops[1]; inner = (2 in ops) ? code[ops[2]] : ""
    st = $12 == "Okay" ? 0 : $12 == "Error" ? -1 : $12 == "EOpNotSupp" ? -2 : $12 == "-" ? "" : $12
    print $1, $2, kind, $5, $6, op, $8, $10, $11, st, inner
  }' > "$csv"
bash "$(dirname "$0")/summarize.sh" "$csv"
