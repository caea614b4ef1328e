-- Ring-level violation flush-not-honoured (design.md section 6): a flush or barrier answered OKAY with
-- no store flush (kind 2 row) anywhere between its request and its response. Only evidence for
-- traces that record store flushes (captures made by a blkt backend); `blkt analyze` applies it
-- only then. One row per violation, in trace order.
-- Input: a view `trace_events` with the trace schema v1 columns plus `capture` (see README.md).
WITH marked AS (
  SELECT capture, queue, id, seq, kind, status, op, indirect_op, nr_segments,
         SUM(CASE WHEN kind = 2 THEN 1 ELSE 0 END)
           OVER (PARTITION BY capture ORDER BY seq ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS store_flushes_so_far
  FROM trace_events
),
pairs AS (
  SELECT capture, queue, id, seq, kind, status, store_flushes_so_far,
         LAG(kind) OVER w AS req_kind,
         LAG(seq) OVER w AS req_seq,
         LAG(store_flushes_so_far) OVER w AS store_flushes_at_request,
         CASE CASE WHEN LAG(op) OVER w = 6 THEN LAG(indirect_op) OVER w ELSE LAG(op) OVER w END
           WHEN 3 THEN 'flush'
           WHEN 2 THEN CASE WHEN LAG(nr_segments) OVER w = 0 THEN 'barrier-empty' ELSE 'barrier-data' END
           ELSE 'none' END AS op_class
  FROM marked
  WHERE kind IN (0, 1)
  WINDOW w AS (PARTITION BY capture, queue, id ORDER BY seq)
)
SELECT capture, queue, id, op_class, req_seq AS request_seq, seq AS response_seq
FROM pairs
WHERE kind = 1 AND req_kind = 0 AND op_class <> 'none' AND status = 0
  AND store_flushes_so_far = store_flushes_at_request
ORDER BY capture, seq
