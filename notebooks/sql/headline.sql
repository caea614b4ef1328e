-- Headline figures per capture: rows by kind, time span, completed requests, IOPS and MB/s over
-- the span (first to last row). Same definitions as `blkt analyze` (throughput line):
-- completed = responses paired with their request; bytes = nr_sectors * 512 of reads, writes,
-- barriers and flushes (not discards, not unknown ops); MB = 10^6 bytes.
-- Input: a view `trace_events` with the trace schema v1 columns plus `capture` (see README.md).
WITH pairs AS (
  SELECT capture, seq, ts_ns, kind, status,
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
  SELECT capture,
         COUNT(*) AS completed,
         SUM(CASE WHEN op_class = 'read' THEN bytes ELSE 0 END) AS read_bytes,
         SUM(CASE WHEN op_class IN ('read', 'discard', 'other') THEN 0 ELSE bytes END) AS write_bytes
  FROM pairs
  WHERE kind = 1 AND req_kind = 0
  GROUP BY capture
),
span AS (
  SELECT capture,
         COUNT(*) AS row_count,
         SUM(CASE WHEN kind = 0 THEN 1 ELSE 0 END) AS requests,
         SUM(CASE WHEN kind = 1 THEN 1 ELSE 0 END) AS responses,
         SUM(CASE WHEN kind = 2 THEN 1 ELSE 0 END) AS store_flushes,
         MIN(ts_ns) AS first_ts_ns,
         MAX(ts_ns) AS last_ts_ns
  FROM trace_events
  GROUP BY capture
)
SELECT s.capture,
       s.row_count,
       s.requests,
       s.responses,
       s.store_flushes,
       s.first_ts_ns,
       s.last_ts_ns,
       s.last_ts_ns - s.first_ts_ns AS duration_ns,
       COALESCE(d.completed, 0) AS completed,
       COALESCE(d.read_bytes, 0) AS read_bytes,
       COALESCE(d.write_bytes, 0) AS write_bytes,
       CASE WHEN s.last_ts_ns > s.first_ts_ns
            THEN COALESCE(d.completed, 0) / ((s.last_ts_ns - s.first_ts_ns) / 1e9) ELSE 0 END AS iops,
       CASE WHEN s.last_ts_ns > s.first_ts_ns
            THEN (COALESCE(d.read_bytes, 0) + COALESCE(d.write_bytes, 0)) / ((s.last_ts_ns - s.first_ts_ns) / 1e9) / 1e6 ELSE 0 END AS mb_per_s
FROM span s
LEFT JOIN done d ON d.capture = s.capture
ORDER BY s.capture
