-- Ring-level violation flush-failed (design.md section 6): every flush or barrier answered ERROR,
-- EOPNOTSUPP or another non-OKAY status - a durability promise the guest may believe was kept.
-- One row per violation, in trace order; `blkt analyze` counts the same rows.
-- Input: a view `trace_events` with the trace schema v1 columns plus `capture` (see README.md).
WITH pairs AS (
  SELECT capture, queue, id, seq, kind, status,
         LAG(kind) OVER w AS req_kind,
         LAG(seq) OVER w AS req_seq,
         CASE CASE WHEN LAG(op) OVER w = 6 THEN LAG(indirect_op) OVER w ELSE LAG(op) OVER w END
           WHEN 3 THEN 'flush'
           WHEN 2 THEN CASE WHEN LAG(nr_segments) OVER w = 0 THEN 'barrier-empty' ELSE 'barrier-data' END
           ELSE 'none' END AS op_class
  FROM trace_events
  WHERE kind IN (0, 1)
  WINDOW w AS (PARTITION BY capture, queue, id ORDER BY seq)
)
SELECT capture, queue, id, op_class, req_seq AS request_seq, seq AS response_seq, status
FROM pairs
WHERE kind = 1 AND req_kind = 0 AND op_class <> 'none' AND (status <> 0 OR status IS NULL)
ORDER BY capture, seq
