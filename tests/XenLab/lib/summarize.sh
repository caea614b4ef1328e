#!/usr/bin/env bash
# Summarises what a captured frontend sent: counts per blkif operation (with the 0-segment ones
# apart), the statuses it got back, and the request sequence run-length encoded
# (R read, W write, B write-barrier, b 0-segment barrier, F flush, f flush with data, D discard,
# IR/IW INDIRECT read/write).
# Input: a requests.csv of the lab backend, or the CSV summarize-trace.sh makes of a Parquet trace:
# seq,ts_ns,kind,ring_idx,id,op,nr_segments,sector,nr_sectors,status[,indirect_op]
# (kind 0 request, 1 response, 2 store flush).
set -euo pipefail
csv=${1:?usage: summarize.sh requests.csv}
awk -F, '
  function opname(o) { return o == 0 ? "READ" : o == 1 ? "WRITE" : o == 2 ? "WRITE_BARRIER" : o == 3 ? "FLUSH_DISKCACHE" : o == 5 ? "DISCARD" : o == 6 ? "INDIRECT" : "OP" o }
  NR == 1 { next }
  $3 == 0 {
    op = $6; n = $7 + 0; inner = NF >= 11 ? $11 : ""
    name = opname(op); if (op == 6 && inner != "") name = name "_" opname(inner)
    count[name]++; if (n == 0 && (op == 2 || op == 3)) empty[name]++
    if (!(name in seen)) { seen[name] = 1; order[++names] = name }
    c = op == 0 ? "R" : op == 1 ? "W" : op == 2 ? (n == 0 ? "b" : "B") : op == 3 ? (n == 0 ? "F" : "f") : op == 5 ? "D" : op == 6 ? (inner == 1 ? "IW" : inner == 0 ? "IR" : "I") : "?"
    if (c == last) run++; else { if (last != "") seq = seq last (run > 1 ? run : "") " "; last = c; run = 1 }
    total++
  }
  $3 == 1 {
    st = $10 == 0 ? "OKAY" : $10 == -1 ? "ERROR" : $10 == -2 ? "EOPNOTSUPP" : "status" $10
    if (st != "OKAY") bad[st]++
  }
  $3 == 2 { storeflush++ }
  END {
    if (last != "") seq = seq last (run > 1 ? run : "")
    printf "requests=%d", total
    split("READ WRITE WRITE_BARRIER FLUSH_DISKCACHE DISCARD INDIRECT INDIRECT_READ INDIRECT_WRITE", known, " ")
    for (i = 1; i <= 8; i++) if (count[known[i]]) { printf " %s=%d%s", known[i], count[known[i]], empty[known[i]] ? "(" empty[known[i]] " with 0 segments)" : ""; done[known[i]] = 1 }
    for (i = 1; i <= names; i++) if (!(order[i] in done)) printf " %s=%d", order[i], count[order[i]]
    nb = 0; for (s in bad) { printf " %s-responses=%d", s, bad[s]; nb++ }
    if (!nb) printf " all-responses=OKAY"
    if (storeflush) printf " store-flushes=%d", storeflush
    printf "\nsequence: %s\n", seq
  }' "$csv"
