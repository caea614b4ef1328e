#!/usr/bin/env bash
# The README's table "what Linux 6.1 blkfront sends under each advertised feature set", made from
# the captures (captures/<scenario>/: the Parquet trace summarised by summarize-trace.sh, the
# xenstore dump, the guest's report). Prints Markdown rows; run it and paste.
#   bash lib/feature-table.sh SCENARIO...
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
# Run-length tokens ("W F2 W F2 W F2") with repeated units folded: "(W F2)×3".
fold() {
  awk '{
    n = split($0, t, " "); out = ""; i = 1
    while (i <= n) {
      best = 0; bl = 1
      for (L = 1; L <= 4 && i + L - 1 <= n; L++) {
        k = 1
        while (i + (k + 1) * L - 1 <= n) {
          same = 1; for (j = 0; j < L; j++) if (t[i + k * L + j] != t[i + j]) { same = 0; break }
          if (!same) break; k++
        }
        if (k >= 3 && k * L > best) { best = k * L; bl = L; bk = k }
      }
      if (best) { u = t[i]; for (j = 1; j < bl; j++) u = u " " t[i + j]; out = out (out ? " " : "") (bl > 1 ? "(" u ")" : u) "×" bk; i += best }
      else { out = out (out ? " " : "") t[i]; i++ }
    }
    print out
  }'
}
for sc in "$@"; do
  d=$here/captures/$sc
  # What the backend wrote before InitWait, from its own log (the xenstore dump says the same when
  # xenstore-ls did not fail; it once segfaulted under TCG).
  feats=$(sed -n 's/.*; features: //p' "$d/backend.txt" | head -n 1)
  flag() { grep -o "$1=[0-9]*" <<<"$feats" | cut -d= -f2 | grep . || echo 0; }
  adv="barrier=$(flag feature-barrier) flush-cache=$(flag feature-flush-cache)"
  profile=$(sed -n 's/.* as \([^ ;,]*\)[;,].*/\1/p' "$d/backend.txt" | head -n 1)
  q0=$(sed -n 's/.*xvda sectors=.* write_cache=\([^ ]*\) fua=\([^ ]*\) .*/\1, fua \2/p' "$d/guest.txt")
  q1=$(sed -n 's/.*after the workload write_cache=\([^ ]*\) fua=\([^ ]*\).*/\1, fua \2/p' "$d/guest.txt")
  counts=$(head -n 1 "$d/summary.txt" | sed 's/^requests=//; s/ all-responses=OKAY//; s/(\([0-9]*\) with 0 segments)/ (\1 empty)/g')
  seq=$(sed -n 's/^sequence: //p' "$d/summary.txt" | fold)
  echo "| \`$sc\` | $profile: $adv | $q0$( [ "$q0" = "$q1" ] || echo " → **$q1**" ) | $counts | \`$seq\` |"
done
