using System.Globalization;
using BlkTrace.Analysis;
using BlkTrace.Protocol.Blkif;
using BlkTrace.Tests.Support;
using BlkTrace.Tests.Trace;
using BlkTrace.TestSupport;
using DuckDB.NET.Data;

namespace BlkTrace.Tests.Analysis;

/// <summary>
/// Every file in <c>notebooks/sql</c>, run unchanged through DuckDB on the sample traces and on a
/// hand-built trace, gives the analyzer's figures exactly (means to 1e-12 relative).
/// </summary>
public sealed class SqlFileTests : IDisposable
{
    private static readonly string SqlDir = Path.Combine(TestPaths.RepoRoot, "notebooks", "sql");
    private readonly TempDirectory _dir = new();

    public static TheoryData<string> Traces => ["oltp-linux", "journal-linux-2.6.18", "fileserver-qemu", "streaming-solaris", "hand-built"];

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void SqlDirectory_EveryFile_HasATestHere()
    {
        string[] tested = ["counts_by_op_status.sql", "flush_failed.sql", "flush_not_honoured.sql", "flush_summary.sql", "headline.sql", "iops_per_second.sql", "latency_by_op.sql"];
        Assert.Equal(tested, Directory.GetFiles(SqlDir, "*.sql").Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Traces))]
    public void Headline_EqualsAnalyzer(string trace)
    {
        var (file, r) = Load(trace);
        var row = Run(file, "headline.sql").Single();

        Assert.Equal(
            (r.Trace.Rows, r.Trace.Requests, r.Trace.Responses, r.Trace.StoreFlushes, r.Trace.FirstTsNs, r.Trace.LastTsNs, r.Trace.DurationNs),
            (L(row["row_count"]), L(row["requests"]), L(row["responses"]), L(row["store_flushes"]), L(row["first_ts_ns"]), L(row["last_ts_ns"]), L(row["duration_ns"])));
        Assert.Equal((r.Throughput.Completed, r.Throughput.ReadBytes, r.Throughput.WriteBytes), (L(row["completed"]), L(row["read_bytes"]), L(row["write_bytes"])));
        Close(r.Throughput.Iops, D(row["iops"]));
        Close(r.Throughput.MBps, D(row["mb_per_s"]));
    }

    [Theory]
    [MemberData(nameof(Traces))]
    public void CountsByOpStatus_EqualsAnalyzer(string trace)
    {
        var (file, r) = Load(trace);
        var sql = Run(file, "counts_by_op_status.sql")
            .Select(x => ((string)x["op_class"]!, (string)x["outcome"]!, L(x["requests"]), L(x["bytes"])))
            .Order();
        var mine = r.Counts.Select(c => (OpClasses.Name(c.Op), OutcomeName(c.Outcome), c.Count, c.Bytes)).Order();

        Assert.Equal(mine, sql);
    }

    [Theory]
    [MemberData(nameof(Traces))]
    public void LatencyByOp_EqualsAnalyzerExactly(string trace)
    {
        var (file, r) = Load(trace);
        var sql = Run(file, "latency_by_op.sql").ToDictionary(x => (string)x["op_class"]!);
        var mine = r.Latency.Where(l => l.Count > 0).ToList();

        Assert.Equal(mine.Select(l => l.Name).Order(StringComparer.Ordinal), sql.Keys.Order(StringComparer.Ordinal));
        foreach (var l in mine)
        {
            var s = sql[l.Name];
            Assert.Equal(
                (l.Name, l.Count, l.MinNs, l.P50Ns, l.P90Ns, l.P99Ns, l.P999Ns, l.MaxNs),
                (l.Name, L(s["requests"]), L(s["min_ns"]), L(s["p50_ns"]), L(s["p90_ns"]), L(s["p99_ns"]), L(s["p999_ns"]), L(s["max_ns"])));
            Close(l.MeanNs, D(s["mean_ns"]));
        }
    }

    [Theory]
    [MemberData(nameof(Traces))]
    public void IopsPerSecond_EqualsAnalyzerBins(string trace)
    {
        var (file, r) = Load(trace);
        Assert.Equal(AnalyzerOptions.DefaultBinNs, r.Series.BinNs);
        var sql = Run(file, "iops_per_second.sql")
            .Select(x => (L(x["second"]), L(x["completed"]), L(x["reads"]), L(x["writes"]), L(x["read_bytes"]), L(x["write_bytes"]), L(x["flushes"]), L(x["errors"])));
        var mine = r.Series.Bins.Where(b => b.Completed > 0)
            .Select(b => (b.StartNs / 1_000_000_000, b.Completed, b.Reads, b.Writes, b.ReadBytes, b.WriteBytes, b.Flushes, b.Errors));

        Assert.Equal(mine, sql);
    }

    [Theory]
    [MemberData(nameof(Traces))]
    public void FlushSummary_EqualsAnalyzer(string trace)
    {
        var (file, r) = Load(trace);
        var row = Run(file, "flush_summary.sql").Single();
        var f = r.Flushes;

        Assert.Equal(
            (f.Requests, f.Flush, f.EmptyBarrier, f.DataBarrier, f.Failed, f.StoreFlushes),
            (L(row["requests"]), L(row["flush"]), L(row["barrier_empty"]), L(row["barrier_data"]), L(row["failed"]), L(row["store_flushes"])));
        Close(f.PerSecond, D(row["per_second"]));
    }

    [Theory]
    [MemberData(nameof(Traces))]
    public void FlushFailed_SameViolationsAsAnalyzer(string trace)
    {
        var (file, r) = Load(trace);
        var sql = Run(file, "flush_failed.sql");
        var mine = r.Violations.Single(v => v.Kind == RingViolationKind.FlushFailed);

        Assert.Equal(mine.Count, sql.Count);
        Assert.Equal(
            mine.Examples.Select(e => (e.Queue, e.Ids[0], e.Seqs[0], e.Seqs[1])),
            sql.Take(mine.Examples.Count).Select(x => ((int)L(x["queue"]), Convert.ToUInt64(x["id"], CultureInfo.InvariantCulture), L(x["request_seq"]), L(x["response_seq"]))));
    }

    [Theory]
    [MemberData(nameof(Traces))]
    public void FlushNotHonoured_SameViolationsAsAnalyzer(string trace)
    {
        var (file, r) = Load(trace);
        Assert.True(r.Trace.StoreFlushesRecorded);
        var sql = Run(file, "flush_not_honoured.sql");
        var mine = r.Violations.Single(v => v.Kind == RingViolationKind.FlushNotHonoured);

        Assert.Equal(mine.Count, sql.Count);
        Assert.Equal(mine.Examples.Select(e => (e.Seqs[0], e.Seqs[1])), sql.Take(mine.Examples.Count).Select(x => (L(x["request_seq"]), L(x["response_seq"]))));
    }

    [Fact]
    public void HivePartitionedFleet_PerCaptureFiguresEqualEachAnalyzer()
    {
        string fleet = _dir.Combine("fleet");
        var a = HandBuilt(seed: 1);
        var b = HandBuilt(seed: 2);
        a.Write(Path.Combine(fleet, "host=a", "date=2026-11-25", "cap1"));
        b.Write(Path.Combine(fleet, "host=b", "date=2026-11-26", "cap2"));
        var ra = TraceAnalyzer.Analyze(a.Rows, a.Metadata);
        var rb = TraceAnalyzer.Analyze(b.Rows, b.Metadata);

        string view = "CREATE VIEW trace_events AS SELECT *, regexp_replace(filename, '/[^/]*$', '') AS capture " +
            $"FROM read_parquet({DuckDb.Literal(fleet + "/**/*.parquet")}, hive_partitioning = true, filename = true)";
        var headline = Query(view, File.ReadAllText(Path.Combine(SqlDir, "headline.sql")));
        var counts = Query(view, File.ReadAllText(Path.Combine(SqlDir, "counts_by_op_status.sql")));

        Assert.Equal([ra.Throughput.Completed, rb.Throughput.Completed], headline.Select(x => L(x["completed"])));
        Assert.Equal(ra.Trace.Rows + rb.Trace.Rows, headline.Sum(x => L(x["row_count"])));
        Assert.Equal(ra.Counts.Sum(c => c.Count) + rb.Counts.Sum(c => c.Count), counts.Sum(x => L(x["requests"])));
    }

    /// <summary>Every class, every outcome, INDIRECT, DISCARD, an unknown op, two rings, a response stamped before its request, flushes with and without store flushes.</summary>
    internal static TraceBuilder HandBuilt(int seed)
    {
        var rng = new Random(seed);
        var b = new TraceBuilder();
        BlkifOperation[] ops = [BlkifOperation.Read, BlkifOperation.Write, BlkifOperation.FlushDiskCache, BlkifOperation.WriteBarrier, BlkifOperation.Discard, (BlkifOperation)4, (BlkifOperation)9];
        BlkifStatus[] statuses = [BlkifStatus.Okay, BlkifStatus.Okay, BlkifStatus.Okay, BlkifStatus.Error, BlkifStatus.EOpNotSupp, (BlkifStatus)(-9)];
        var open = new List<(ulong Id, short Queue, BlkifOperation Op)>();
        long t = 3_000_000;
        ulong next = 1;
        for (int i = 0; i < 600; i++)
        {
            t += rng.Next(1, 40_000) * (rng.Next(50) == 0 ? 1000 : 1);
            if (open.Count < 8 && (open.Count == 0 || rng.Next(2) == 0))
            {
                var op = ops[rng.Next(ops.Length)];
                short queue = (short)rng.Next(2);
                ulong id = next++;
                int sectors = op is BlkifOperation.Read or BlkifOperation.Write ? 8 * rng.Next(1, 12) : op == BlkifOperation.WriteBarrier && rng.Next(2) == 0 ? 8 : op == BlkifOperation.Discard ? 2048 : 0;
                if (op == BlkifOperation.Read && rng.Next(6) == 0)
                {
                    b.Indirect(t, id, rng.Next(2) == 0 ? BlkifOperation.Read : BlkifOperation.Write, (ulong)rng.Next(1 << 20), 8 * rng.Next(12, 40), queue);
                }
                else
                {
                    b.Request(t, id, op, (ulong)rng.Next(1 << 20), sectors, queue);
                }

                open.Add((id, queue, op));
            }
            else
            {
                int k = rng.Next(open.Count);
                var (id, queue, op) = open[k];
                open.RemoveAt(k);
                if (op is BlkifOperation.FlushDiskCache or BlkifOperation.WriteBarrier && rng.Next(3) > 0)
                {
                    b.StoreFlush(t - 5, id, queue);
                }

                long stamp = rng.Next(40) == 0 ? t - 2_000_000_000 : t;
                b.Response(stamp, id, statuses[rng.Next(statuses.Length)], op, queue);
            }
        }

        return b;
    }

    private static string OutcomeName(Outcome o) => o switch
    {
        Outcome.Okay => "okay",
        Outcome.Error => "error",
        Outcome.EOpNotSupp => "eopnotsupp",
        Outcome.OtherStatus => "other",
        _ => "unanswered",
    };

    private (string File, AnalysisResult Result) Load(string trace)
    {
        if (trace == "hand-built")
        {
            var b = HandBuilt(seed: 11);
            string dir = b.Write(_dir.Combine("hand-built"));
            string file = Directory.GetFiles(dir, "*.parquet").Single();
            return (file, TraceAnalyzer.Analyze(file));
        }

        string path = Path.Combine(TestPaths.RepoRoot, "sample-traces", trace + ".parquet");
        return (path, TraceAnalyzer.Analyze(path));
    }

    private static List<Dictionary<string, object?>> Run(string file, string sqlFile) =>
        Query($"CREATE VIEW trace_events AS SELECT *, 'capture' AS capture FROM read_parquet({DuckDb.Literal(file)})", File.ReadAllText(Path.Combine(SqlDir, sqlFile)));

    private static List<Dictionary<string, object?>> Query(string view, string sql)
    {
        using var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        using (var create = connection.CreateCommand())
        {
            create.CommandText = view;
            create.ExecuteNonQuery();
        }

        return DuckDbRows.Read(connection, sql);
    }

    /// <summary>DuckDB sums BIGINTs into HUGEINT (a BigInteger here).</summary>
    private static long L(object? value) => value is System.Numerics.BigInteger big ? (long)big : Convert.ToInt64(value, CultureInfo.InvariantCulture);

    private static double D(object? value) => Convert.ToDouble(value, CultureInfo.InvariantCulture);

    private static void Close(double expected, double actual) =>
        Assert.True(Math.Abs(expected - actual) <= 1e-12 * Math.Max(1, Math.Abs(expected)), $"expected {expected:R}, SQL gave {actual:R}");
}
