-- Requests and bytes by op class and outcome, over every capture. Same table as the
-- "requests by op and status" section of `blkt analyze`: a request's outcome is the status of
-- the next row with its (capture, queue, id) if that row is a response, else 'unanswered'.
-- Op classes: read, write, flush (FLUSH_DISKCACHE), barrier-empty (WRITE_BARRIER, 0 segments),
-- barrier-data (WRITE_BARRIER with segments), discard, other; INDIRECT counts as its inner op.
-- Input: a view `trace_events` with the trace schema v1 columns plus `capture` (see README.md).
WITH nexts AS (
  SELECT kind, op, indirect_op, nr_segments, nr_sectors,
         LEAD(kind) OVER w AS next_kind,
         LEAD(status) OVER w AS next_status
  FROM trace_events
  WHERE kind IN (0, 1)
  WINDOW w AS (PARTITION BY capture, queue, id ORDER BY seq)
),
reqs AS (
  SELECT CASE CASE WHEN op = 6 THEN indirect_op ELSE op END
           WHEN 0 THEN 'read' WHEN 1 THEN 'write' WHEN 3 THEN 'flush'
           WHEN 2 THEN CASE WHEN nr_segments = 0 THEN 'barrier-empty' ELSE 'barrier-data' END
           WHEN 5 THEN 'discard' ELSE 'other' END AS op_class,
         CASE WHEN next_kind = 1 THEN
                CASE WHEN next_status = 0 THEN 'okay'
                     WHEN next_status = -1 THEN 'error'
                     WHEN next_status = -2 THEN 'eopnotsupp'
                     ELSE 'other' END
              ELSE 'unanswered' END AS outcome,
         CAST(nr_sectors AS BIGINT) * 512 AS bytes
  FROM nexts
  WHERE kind = 0
)
SELECT op_class, outcome, COUNT(*) AS requests, SUM(bytes) AS bytes
FROM reqs
GROUP BY op_class, outcome
ORDER BY op_class, outcome
