-- IOPS and throughput per one-second bin of each capture (bins start at capture start, ts_ns 0;
-- completions count where their response falls). Same as the time series of `blkt analyze`
-- with its default --bin 1s; bins without completions are absent here.
-- Input: a view `trace_events` with the trace schema v1 columns plus `capture` (see README.md).
WITH pairs AS (
  SELECT capture, kind, ts_ns, status,
         LAG(kind) OVER w AS req_kind,
         CASE CASE WHEN LAG(op) OVER w = 6 THEN LAG(indirect_op) OVER w ELSE LAG(op) OVER w END
           WHEN 0 THEN 'read' WHEN 1 THEN 'write' WHEN 3 THEN 'flush'
           WHEN 2 THEN CASE WHEN LAG(nr_segments) OVER w = 0 THEN 'barrier-empty' ELSE 'barrier-data' END
           WHEN 5 THEN 'discard' ELSE 'other' END AS op_class,
         CAST(LAG(nr_sectors) OVER w AS BIGINT) * 512 AS bytes
  FROM trace_events
  WHERE kind IN (0, 1)
  WINDOW w AS (PARTITION BY capture, queue, id ORDER BY seq)
),
done AS (
  SELECT capture, op_class, bytes, status,
         CAST(FLOOR(GREATEST(ts_ns, 0) / 1000000000) AS BIGINT) AS second
  FROM pairs
  WHERE kind = 1 AND req_kind = 0
)
SELECT capture,
       second,
       COUNT(*) AS completed,
       SUM(CASE WHEN op_class = 'read' THEN 1 ELSE 0 END) AS reads,
       SUM(CASE WHEN op_class IN ('write', 'barrier-data') THEN 1 ELSE 0 END) AS writes,
       SUM(CASE WHEN op_class = 'read' THEN bytes ELSE 0 END) AS read_bytes,
       SUM(CASE WHEN op_class IN ('read', 'discard', 'other') THEN 0 ELSE bytes END) AS write_bytes,
       SUM(CASE WHEN op_class IN ('flush', 'barrier-empty', 'barrier-data') THEN 1 ELSE 0 END) AS flushes,
       SUM(CASE WHEN status = 0 THEN 0 ELSE 1 END) AS errors
FROM done
GROUP BY capture, second
ORDER BY capture, second
