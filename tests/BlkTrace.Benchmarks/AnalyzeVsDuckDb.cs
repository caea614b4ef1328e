using System.Diagnostics;
using System.Globalization;
using BlkTrace.Analysis;
using BlkTrace.TestSupport;
using DuckDB.NET.Data;

namespace BlkTrace.Benchmarks;

/// <summary>
/// <c>analyze-vs-duckdb [events] [--seed N] [--duckdb-threads N] [--short N]</c>: generates a capture of
/// <c>events</c> rows once (cached under /tmp, 50 M by default; generation is not timed), then in the
/// same run times <c>blkt analyze</c>'s analyzer (one decoder thread, then the default) and DuckDB
/// running every <c>notebooks/sql/*.sql</c> file — the same figures — on the same file, and prints
/// events/s, peak memory (working set sampled every 10 ms) and the ratio. Also checks that the two
/// agree on the headline and the overall p99. The one-decoder run is pinned to CPU 0 (process
/// affinity, so the GC and the JIT share that core too) and also reports CPU seconds; it runs on a
/// second, shorter trace (<c>--short</c>, events/4 by default) so that peak memory shows flat in
/// trace length. DuckDB runs twice: all cores, then <c>threads = 1</c>, so the comparison is fair
/// both ways.
/// Usage: <c>dotnet run -c Release --project tests/BlkTrace.Benchmarks -- analyze-vs-duckdb 50000000</c>.
/// </summary>
public static class AnalyzeVsDuckDb
{
    public static int Run(string[] args)
    {
        long events = 50_000_000;
        int seed = 1;
        int? duckThreads = null;
        long? shortEvents = null;
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--seed":
                    seed = int.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                case "--short":
                    shortEvents = long.Parse(args[++i], NumberStyles.AllowThousands, CultureInfo.InvariantCulture);
                    break;
                case "--duckdb-threads":
                    duckThreads = int.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                default:
                    events = long.Parse(args[i], NumberStyles.AllowThousands, CultureInfo.InvariantCulture);
                    break;
            }
        }

        var gen = Stopwatch.StartNew();
        string dir = AnalyzeTraceGenerator.Ensure(events, seed);
        string file = Directory.GetFiles(dir, "*.parquet").Single();
        Say($"trace: {file} ({new FileInfo(file).Length / 1e6:0.0} MB, {events:N0} events; ready in {gen.Elapsed.TotalSeconds:0.0} s, not timed)");
        Say($"machine: {Environment.ProcessorCount} cores, .NET {Environment.Version}, load average {LoadAverage()}");
        string sqlDir = FindSqlDir();

        long small = shortEvents ?? Math.Max(1, events / 4);
        string smallDir = AnalyzeTraceGenerator.Ensure(small, seed);
        var oneShort = TimeAnalyzer(smallDir, decoders: 1, pin: true);
        var one = TimeAnalyzer(dir, decoders: 1, pin: true);
        var dflt = TimeAnalyzer(dir, decoders: 0, pin: false);
        var duck = TimeDuckDb(file, sqlDir, duckThreads);
        var duck1 = TimeDuckDb(file, sqlDir, 1);

        Say(string.Empty);
        Say($"analyzer, 1 decoder, pinned to CPU 0 (affinity {one.Affinity}): {one.Seconds,8:0.000} s wall, {one.CpuSeconds:0.000} s CPU  {events / one.Seconds / 1e6,7:0.00} M events/s wall, {events / one.CpuSeconds / 1e6:0.00} M events/s per CPU second  peak working set {one.PeakMb,7:0} MB (+{one.PeakMb - one.BaseMb:0} MB over the {one.BaseMb:0} MB before)");
        Say($"  same, {small:N0}-event trace      : {oneShort.Seconds,8:0.000} s wall, {oneShort.CpuSeconds:0.000} s CPU  {small / oneShort.Seconds / 1e6,7:0.00} M events/s wall  peak working set {oneShort.PeakMb,7:0} MB (+{oneShort.PeakMb - oneShort.BaseMb:0} MB)  — memory flat in trace length: {(Math.Abs((one.PeakMb - one.BaseMb) - (oneShort.PeakMb - oneShort.BaseMb)) < 64 ? "yes" : "NO")} (growth within 64 MB)");
        Say($"analyzer, default decoders        : {dflt.Seconds,8:0.000} s  {events / dflt.Seconds / 1e6,7:0.00} M events/s  peak working set {dflt.PeakMb,7:0} MB (+{dflt.PeakMb - dflt.BaseMb:0} MB)");
        Say($"DuckDB {duck.Version}, {duck.Threads} threads, {duck.Files} SQL files: {duck.Seconds,8:0.000} s  {events / duck.Seconds / 1e6,7:0.00} M events/s  peak working set {duck.PeakMb,7:0} MB (+{duck.PeakMb - duck.BaseMb:0} MB)");
        foreach (var (name, seconds) in duck.PerFile)
        {
            Say($"    {name,-24} {seconds,8:0.000} s");
        }

        Say($"DuckDB {duck1.Version}, {duck1.Threads} thread, {duck1.Files} SQL files: {duck1.Seconds,8:0.000} s  {events / duck1.Seconds / 1e6,7:0.00} M events/s  peak working set {duck1.PeakMb,7:0} MB (+{duck1.PeakMb - duck1.BaseMb:0} MB)");
        Say($"ratio DuckDB time / analyzer time: {duck.Seconds / one.Seconds:0.00}x (DuckDB all cores vs one decoder), {duck.Seconds / dflt.Seconds:0.00}x (both default), {duck1.Seconds / one.Seconds:0.00}x (both one core); > 1 means the analyzer is faster");
        bool agree = Agree(dflt.Result, duck);
        Say($"figures agree (completed, read/write bytes, p99 of all): {(agree ? "yes" : "NO")}");
        return agree ? 0 : 1;
    }

    private static (double Seconds, double CpuSeconds, double PeakMb, double BaseMb, string Affinity, AnalysisResult Result) TimeAnalyzer(string dir, int decoders, bool pin)
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        using var process = Process.GetCurrentProcess();
        nint? before = null;
        if (pin && OperatingSystem.IsLinux())
        {
            before = process.ProcessorAffinity;
            process.ProcessorAffinity = 1;
        }

        try
        {
            string affinity = AnalyzeSplit.Affinity();
            using var sampler = new PeakSampler();
            var cpu = process.TotalProcessorTime;
            var watch = Stopwatch.StartNew();
            var result = TraceAnalyzer.Analyze(dir, new AnalyzerOptions { Decoders = decoders });
            double seconds = watch.Elapsed.TotalSeconds;
            process.Refresh();
            double cpuSeconds = (process.TotalProcessorTime - cpu).TotalSeconds;
            return (seconds, cpuSeconds, sampler.PeakMb, sampler.BaseMb, affinity, result);
        }
        finally
        {
            if (before is { } mask && OperatingSystem.IsLinux())
            {
                process.ProcessorAffinity = mask;
            }
        }
    }

    private static DuckResult TimeDuckDb(string file, string sqlDir, int? threads)
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        using var sampler = new PeakSampler();
        using var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        string temp = Path.Combine(Path.GetTempPath(), "blkt-duckdb-bench-spill");
        Exec(connection, $"SET temp_directory = '{temp}'");
        if (threads is { } t)
        {
            Exec(connection, string.Create(CultureInfo.InvariantCulture, $"SET threads = {t}"));
        }

        Exec(connection, $"CREATE VIEW trace_events AS SELECT *, 'bench' AS capture FROM read_parquet('{file.Replace("'", "''", StringComparison.Ordinal)}')");
        string version = Scalar(connection, "SELECT version()");
        int used = int.Parse(Scalar(connection, "SELECT current_setting('threads')"), CultureInfo.InvariantCulture);
        var perFile = new List<(string, double)>();
        var outputs = new Dictionary<string, List<Dictionary<string, object?>>>(StringComparer.Ordinal);
        var total = Stopwatch.StartNew();
        foreach (string sql in Directory.GetFiles(sqlDir, "*.sql").Order(StringComparer.Ordinal))
        {
            var watch = Stopwatch.StartNew();
            outputs[Path.GetFileName(sql)] = DuckDbRows.Read(connection, File.ReadAllText(sql));
            perFile.Add((Path.GetFileName(sql), watch.Elapsed.TotalSeconds));
        }

        double seconds = total.Elapsed.TotalSeconds;
        return new DuckResult(seconds, sampler.PeakMb, sampler.BaseMb, version, used, perFile.Count, perFile, outputs);
    }

    private static bool Agree(AnalysisResult r, DuckResult duck)
    {
        var head = duck.Outputs["headline.sql"].Single();
        var all = duck.Outputs["latency_by_op.sql"].Single(x => (string)x["op_class"]! == "all");
        var mine = r.LatencyOf(TraceAnalyzer.AllLatency)!;
        bool ok = L(head["completed"]) == r.Throughput.Completed &&
            L(head["read_bytes"]) == r.Throughput.ReadBytes &&
            L(head["write_bytes"]) == r.Throughput.WriteBytes &&
            L(all["p99_ns"]) == mine.P99Ns;
        Say($"check: completed {r.Throughput.Completed:N0} vs {head["completed"]}; p99 all {mine.P99Ns:N0} ns vs {all["p99_ns"]} ns");
        return ok;
    }

    private static long L(object? value) => value switch
    {
        System.Numerics.BigInteger b => (long)b,
        _ => Convert.ToInt64(value, CultureInfo.InvariantCulture),
    };

    private static void Exec(DuckDBConnection c, string sql)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

    private static string Scalar(DuckDBConnection c, string sql)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        return Convert.ToString(cmd.ExecuteScalar(), CultureInfo.InvariantCulture) ?? string.Empty;
    }

    private static string FindSqlDir()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            string sql = Path.Combine(d.FullName, "notebooks", "sql");
            if (Directory.Exists(sql))
            {
                return sql;
            }
        }

        throw new DirectoryNotFoundException("notebooks/sql not found above " + AppContext.BaseDirectory);
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    private static void Say(string line) => Console.WriteLine(line);

    private sealed record DuckResult(double Seconds, double PeakMb, double BaseMb, string Version, int Threads, int Files, List<(string Name, double Seconds)> PerFile, Dictionary<string, List<Dictionary<string, object?>>> Outputs);

    /// <summary>Samples the process's working set every 10 ms until disposed.</summary>
    private sealed class PeakSampler : IDisposable
    {
        private readonly Thread _thread;
        private volatile bool _stop;
        private long _peak;

        public PeakSampler()
        {
            BaseMb = Current() / 1e6;
            _peak = Current();
            _thread = new Thread(Loop) { IsBackground = true, Name = "peak-sampler" };
            _thread.Start();
        }

        public double BaseMb { get; }

        public double PeakMb
        {
            get
            {
                _peak = Math.Max(_peak, Current());
                return Interlocked.Read(ref _peak) / 1e6;
            }
        }

        public void Dispose()
        {
            _stop = true;
            _thread.Join();
        }

        private static long Current()
        {
            using var p = Process.GetCurrentProcess();
            return p.WorkingSet64;
        }

        private void Loop()
        {
            while (!_stop)
            {
                long now = Current();
                if (now > Interlocked.Read(ref _peak))
                {
                    Interlocked.Exchange(ref _peak, now);
                }

                Thread.Sleep(10);
            }
        }
    }
}
