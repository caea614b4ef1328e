-- Latency (response ts_ns - request ts_ns, negative counted as 0) by op class, plus 'flushes'
-- (flush + both barriers) and 'all'. Percentiles exactly as `blkt analyze` computes them:
-- values are bucketed log-linearly (exact below 256 ns; above, 128 buckets per power of two,
-- bucket width 2^(floor(log2 v) - 7)), and a percentile p is the highest value of the first
-- bucket whose cumulative count reaches ceil(p * count), capped at the exact maximum.
-- min, mean and max are exact.
-- Input: a view `trace_events` with the trace schema v1 columns plus `capture` (see README.md).
WITH pairs AS (
  SELECT kind, ts_ns,
         LAG(kind) OVER w AS req_kind,
         LAG(ts_ns) OVER w AS req_ts_ns,
         CASE CASE WHEN LAG(op) OVER w = 6 THEN LAG(indirect_op) OVER w ELSE LAG(op) OVER w END
           WHEN 0 THEN 'read' WHEN 1 THEN 'write' WHEN 3 THEN 'flush'
           WHEN 2 THEN CASE WHEN LAG(nr_segments) OVER w = 0 THEN 'barrier-empty' ELSE 'barrier-data' END
           WHEN 5 THEN 'discard' ELSE 'other' END AS op_class
  FROM trace_events
  WHERE kind IN (0, 1)
  WINDOW w AS (PARTITION BY capture, queue, id ORDER BY seq)
),
done AS (
  SELECT op_class, GREATEST(ts_ns - req_ts_ns, 0) AS latency_ns
  FROM pairs
  WHERE kind = 1 AND req_kind = 0
),
labeled AS (
  SELECT op_class AS name, latency_ns FROM done
  UNION ALL
  SELECT 'flushes' AS name, latency_ns FROM done WHERE op_class IN ('flush', 'barrier-empty', 'barrier-data')
  UNION ALL
  SELECT 'all' AS name, latency_ns FROM done
),
log2s AS (
  SELECT name, latency_ns,
         CAST(FLOOR(LOG2(CAST(GREATEST(latency_ns, 1) AS DOUBLE))) AS BIGINT) AS e0
  FROM labeled
),
exps AS (
  -- floor(log2 v), corrected where the floating-point logarithm rounded across a power of two.
  SELECT name, latency_ns,
         e0 - CASE WHEN POWER(2, e0) > latency_ns THEN 1 ELSE 0 END
            + CASE WHEN POWER(2, e0 + 1) <= latency_ns THEN 1 ELSE 0 END AS e
  FROM log2s
),
bucketed AS (
  SELECT name, latency_ns,
         CASE WHEN latency_ns < 256 THEN latency_ns
              ELSE CAST(FLOOR(latency_ns / POWER(2, e - 7)) * POWER(2, e - 7) + POWER(2, e - 7) - 1 AS BIGINT) END AS bucket_high
  FROM exps
),
buckets AS (
  SELECT name, bucket_high, COUNT(*) AS n
  FROM bucketed
  GROUP BY name, bucket_high
),
cumulative AS (
  SELECT name, bucket_high,
         SUM(n) OVER (PARTITION BY name ORDER BY bucket_high ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS cum_n,
         SUM(n) OVER (PARTITION BY name) AS total
  FROM buckets
),
ranked AS (
  SELECT name, bucket_high, cum_n,
         CEIL(total * 5000 / 10000.0) AS r50,
         CEIL(total * 9000 / 10000.0) AS r90,
         CEIL(total * 9900 / 10000.0) AS r99,
         CEIL(total * 9990 / 10000.0) AS r999
  FROM cumulative
),
percentiles AS (
  SELECT name,
         MIN(CASE WHEN cum_n >= r50 THEN bucket_high END) AS p50_bucket,
         MIN(CASE WHEN cum_n >= r90 THEN bucket_high END) AS p90_bucket,
         MIN(CASE WHEN cum_n >= r99 THEN bucket_high END) AS p99_bucket,
         MIN(CASE WHEN cum_n >= r999 THEN bucket_high END) AS p999_bucket
  FROM ranked
  GROUP BY name
),
stats AS (
  SELECT name, COUNT(*) AS requests, MIN(latency_ns) AS min_ns, AVG(latency_ns) AS mean_ns, MAX(latency_ns) AS max_ns
  FROM labeled
  GROUP BY name
)
SELECT s.name AS op_class,
       s.requests,
       s.min_ns,
       s.mean_ns,
       LEAST(p.p50_bucket, s.max_ns) AS p50_ns,
       LEAST(p.p90_bucket, s.max_ns) AS p90_ns,
       LEAST(p.p99_bucket, s.max_ns) AS p99_ns,
       LEAST(p.p999_bucket, s.max_ns) AS p999_ns,
       s.max_ns
FROM stats s
JOIN percentiles p ON p.name = s.name
ORDER BY s.name
