#!/usr/bin/env bash
# Summarises what a captured frontend sent: counts per blkif operation (with the 0-segment ones
# apart), the statuses it got back, and the request sequence run-length encoded
# (R read, W write, B write-barrier, b 0-segment barrier, F flush, f flush with data, D discard, I indirect).
# Input: a requests.csv of the lab backend, or a trace CSV with the same columns
# (seq,ts_ns,kind,ring_idx,id,op,nr_segments,sector,nr_sectors,status).
set -euo pipefail
csv=${1:?usage: summarize.sh requests.csv}
awk -F, '
  NR == 1 { next }
  $3 == 0 {
    op = $6; n = $7 + 0
    name = op == 0 ? "READ" : op == 1 ? "WRITE" : op == 2 ? "WRITE_BARRIER" : op == 3 ? "FLUSH_DISKCACHE" : op == 5 ? "DISCARD" : op == 6 ? "INDIRECT" : "OP" op
    count[name]++; if (n == 0 && (op == 2 || op == 3)) empty[name]++
    c = op == 0 ? "R" : op == 1 ? "W" : op == 2 ? (n == 0 ? "b" : "B") : op == 3 ? (n == 0 ? "F" : "f") : op == 5 ? "D" : op == 6 ? "I" : "?"
    if (c == last) run++; else { if (last != "") seq = seq last (run > 1 ? run : "") " "; last = c; run = 1 }
    total++
  }
  $3 == 1 {
    st = $10 == 0 ? "OKAY" : $10 == -1 ? "ERROR" : $10 == -2 ? "EOPNOTSUPP" : "status" $10
    if (st != "OKAY") bad[st]++
  }
  END {
    if (last != "") seq = seq last (run > 1 ? run : "")
    printf "requests=%d", total
    split("READ WRITE WRITE_BARRIER FLUSH_DISKCACHE DISCARD INDIRECT", names, " ")
    for (i = 1; i <= 6; i++) if (count[names[i]]) printf " %s=%d%s", names[i], count[names[i]], empty[names[i]] ? "(" empty[names[i]] " with 0 segments)" : ""
    nb = 0; for (s in bad) { printf " %s-responses=%d", s, bad[s]; nb++ }
    if (!nb) printf " all-responses=OKAY"
    printf "\nsequence: %s\n", seq
  }' "$csv"
