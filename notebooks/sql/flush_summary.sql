-- Flushes in the guest's sense (FLUSH_DISKCACHE and WRITE_BARRIER) per capture: how many of each
-- kind, their rate over the capture's span, how many were answered anything but OKAY, and the
-- store flushes the backend recorded. Flush latency is the 'flushes' row of latency_by_op.sql.
-- Input: a view `trace_events` with the trace schema v1 columns plus `capture` (see README.md).
WITH nexts AS (
  SELECT capture, kind, op, indirect_op, nr_segments,
         LEAD(kind) OVER w AS next_kind,
         LEAD(status) OVER w AS next_status
  FROM trace_events
  WHERE kind IN (0, 1)
  WINDOW w AS (PARTITION BY capture, queue, id ORDER BY seq)
),
flushes AS (
  SELECT capture,
         CASE CASE WHEN op = 6 THEN indirect_op ELSE op END
           WHEN 3 THEN 'flush'
           WHEN 2 THEN CASE WHEN nr_segments = 0 THEN 'barrier-empty' ELSE 'barrier-data' END
           ELSE 'none' END AS op_class,
         CASE WHEN next_kind = 1 AND (next_status <> 0 OR next_status IS NULL) THEN 1 ELSE 0 END AS failed
  FROM nexts
  WHERE kind = 0
),
per_capture AS (
  SELECT capture,
         SUM(CASE WHEN op_class <> 'none' THEN 1 ELSE 0 END) AS requests,
         SUM(CASE WHEN op_class = 'flush' THEN 1 ELSE 0 END) AS flush,
         SUM(CASE WHEN op_class = 'barrier-empty' THEN 1 ELSE 0 END) AS barrier_empty,
         SUM(CASE WHEN op_class = 'barrier-data' THEN 1 ELSE 0 END) AS barrier_data,
         SUM(CASE WHEN op_class <> 'none' THEN failed ELSE 0 END) AS failed
  FROM flushes
  GROUP BY capture
),
span AS (
  SELECT capture,
         SUM(CASE WHEN kind = 2 THEN 1 ELSE 0 END) AS store_flushes,
         MAX(ts_ns) - MIN(ts_ns) AS duration_ns
  FROM trace_events
  GROUP BY capture
)
SELECT s.capture,
       COALESCE(f.requests, 0) AS requests,
       CASE WHEN s.duration_ns > 0 THEN COALESCE(f.requests, 0) / (s.duration_ns / 1e9) ELSE 0 END AS per_second,
       COALESCE(f.flush, 0) AS flush,
       COALESCE(f.barrier_empty, 0) AS barrier_empty,
       COALESCE(f.barrier_data, 0) AS barrier_data,
       COALESCE(f.failed, 0) AS failed,
       s.store_flushes
FROM span s
LEFT JOIN per_capture f ON f.capture = s.capture
ORDER BY s.capture
