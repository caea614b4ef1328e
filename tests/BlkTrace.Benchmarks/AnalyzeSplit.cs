using System.Diagnostics;
using System.Globalization;
using BlkTrace.Analysis;
using BlkTrace.Trace;
using BlkTrace.Trace.Storage;
using BlkTrace.Trace.Storage.Columnar;

namespace BlkTrace.Benchmarks;

/// <summary>
/// <c>analyze-split [events] [--seed N]</c>: where one core's time goes when <c>blkt analyze</c>
/// scans a trace, stage by stage, on the calling thread only (no decoder threads): reading the
/// file's bytes, decoding the analyzer's columns (page read + decompress + decode, as
/// <see cref="TraceReader"/> does it), and the analyzer loop alone over batches already decoded.
/// The decode stage is timed both through the default reader path and with the Parquet.Net
/// fallback forced, so the fast column reader's gain shows as a ratio in one run.
/// Usage: <c>taskset -c 0 dotnet run -c Release --project tests/BlkTrace.Benchmarks -- analyze-split 4000000</c>.
/// </summary>
public static class AnalyzeSplit
{
    public static int Run(string[] args)
    {
        long events = 4_000_000;
        int seed = 42;
        for (int i = 0; i < args.Length; i++)
        {
            if (args[i] == "--seed")
            {
                seed = int.Parse(args[++i], CultureInfo.InvariantCulture);
            }
            else
            {
                events = long.Parse(args[i], NumberStyles.AllowThousands, CultureInfo.InvariantCulture);
            }
        }

        string dir = AnalyzeTraceGenerator.Ensure(events, seed);
        string file = Directory.GetFiles(dir, "*.parquet").Single();
        Console.WriteLine($"trace: {file} ({new FileInfo(file).Length / 1e6:0.0} MB, {events:N0} events)");
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores, .NET {Environment.Version}, load average {LoadAverage()}, affinity mask {Affinity()}");

        // Warm the page cache and the JIT once; every stage below is then timed on a warm file.
        _ = ReadBytes(file);
        _ = Decode(file, out _);

        double io = Best(() => ReadBytes(file));
        long read0 = ColumnChunkDecoder.ReadTicks;
        long unzip0 = ColumnChunkDecoder.DecompressTicks;
        long bytes0 = ColumnChunkDecoder.DecompressedBytes;
        double decodeWall = 0;
        double decode = Best(() => decodeWall += Decode(file, out _));
        double chunkRead = (ColumnChunkDecoder.ReadTicks - read0) / (double)Stopwatch.Frequency;
        double unzip = (ColumnChunkDecoder.DecompressTicks - unzip0) / (double)Stopwatch.Frequency;
        double unzipped = (ColumnChunkDecoder.DecompressedBytes - bytes0) / 3.0;
        AppContext.SetSwitch(TraceReader.ParquetNetOnlySwitch, true);
        double decodeParquetNet = Best(() => Decode(file, out _));
        AppContext.SetSwitch(TraceReader.ParquetNetOnlySwitch, false);
        var batches = Copies(file);
        double scan = BestOwn(() => Scan(file, batches));
        double whole = Best(() =>
        {
            var w = Stopwatch.StartNew();
            _ = TraceAnalyzer.Analyze(dir, new AnalyzerOptions { Decoders = 1 });
            return w.Elapsed.TotalSeconds;
        });

        Console.WriteLine($"stage (CPU s, best of 3)    seconds   M events/s   share of whole");
        Line("read file bytes (page cache)", io, events, whole);
        Line("decode, Parquet.Net only", decodeParquetNet, events, whole);
        Line("decode, fast column reader", decode, events, whole);
        // The parts are wall-clock shares of the fast decode's wall time, applied to its CPU time.
        Line("  of which chunk reads", decode * chunkRead / decodeWall, events, whole);
        Line("  of which decompress", decode * unzip / decodeWall, events, whole);
        Line("  of which decode + copy", decode * (decodeWall - chunkRead - unzip) / decodeWall, events, whole);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"decompressed page bytes of the analyzer's columns: {unzipped / events:0.0} per event ({unzipped / 1e6:0} MB); file: {new FileInfo(file).Length / (double)events:0.0} bytes per event (all columns)"));
        Line("analyzer loop (decoded)", scan, events, whole);
        Line("whole analyze, 1 decoder", whole, events, whole);
        return 0;
    }

    private static void Line(string name, double seconds, long events, double whole) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name,-28} {seconds,8:0.000} {events / seconds / 1e6,12:0.00} {seconds / whole * 100,12:0.0} %"));

    /// <summary>
    /// Best of three, in process CPU seconds (user + system), not wall time: pinned to one core on a
    /// shared machine, wall time mostly measures the other tenants; CPU time measures our work.
    /// </summary>
    private static double Best(Func<double> run) => Enumerable.Range(0, 3).Min(_ => Cpu(() => run()));

    /// <summary>Best of three of a stage that measures its own CPU seconds (the analyzer loop without its setup).</summary>
    private static double BestOwn(Func<double> run) => Enumerable.Range(0, 3).Min(_ => run());

    private static double Cpu(Action run)
    {
        using var p = Process.GetCurrentProcess();
        var before = p.TotalProcessorTime;
        run();
        p.Refresh();
        return (p.TotalProcessorTime - before).TotalSeconds;
    }

    private static double ReadBytes(string file)
    {
        var w = Stopwatch.StartNew();
        var buffer = new byte[1 << 20];
        using var s = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1);
        while (s.Read(buffer) > 0)
        {
        }

        return w.Elapsed.TotalSeconds;
    }

    private static double Decode(string file, out long rows)
    {
        var w = Stopwatch.StartNew();
        rows = 0;
        using var reader = TraceReader.Open(file, TraceAnalyzer.Columns);
        while (reader.MoveNext())
        {
            rows += reader.Current.Count;
        }

        return w.Elapsed.TotalSeconds;
    }

    private static List<RingEventBatch> Copies(string file)
    {
        var list = new List<RingEventBatch>();
        using var reader = TraceReader.Open(file, TraceAnalyzer.Columns);
        while (true)
        {
            var b = new RingEventBatch(0, TraceAnalyzer.Columns);
            if (!reader.ReadNext(b))
            {
                return list;
            }

            list.Add(b);
        }
    }

    private static double Scan(string file, List<RingEventBatch> batches)
    {
        using var reader = TraceReader.Open(file, TraceColumns.None);
        var analyzer = new TraceAnalyzer(reader.Metadata);
        // Only the loop counts: Best subtracts what opening, setting up and completing cost.
        double cpu = Cpu(() =>
        {
            foreach (var b in batches)
            {
                analyzer.Add(b);
            }
        });
        _ = analyzer.Complete("split");
        return cpu;
    }

    /// <summary>The CPUs this process may run on (taskset shows here), as a hex mask.</summary>
    internal static string Affinity() =>
        OperatingSystem.IsLinux() || OperatingSystem.IsWindows()
            ? "0x" + ((long)Process.GetCurrentProcess().ProcessorAffinity).ToString("x", CultureInfo.InvariantCulture)
            : "unknown";

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";
}
