using System.Diagnostics;
using System.Globalization;
using BlkTrace.Interop;
using BlkTrace.Interop.Blktrace;
using BlkTrace.Trace;

namespace BlkTrace.Benchmarks;

/// <summary>
/// <c>blktrace-import</c>: our blktrace import beside <c>blkparse</c> on the same file, in one run.
/// The file is made by our exporter from a seeded synthetic capture (mixed reads and writes at QD 32,
/// 5 events a request: Q G I D C, as a kernel trace with a scheduler has), about 1 M events. blkparse
/// is timed as a process (<c>-i FILE -o /dev/null</c>, and with <c>-q</c>); ours in-process after one
/// warm-up run (parse, pair, write a Parquet trace; and parse and pair alone into a null sink), and
/// once as a cold <c>blkt convert</c> process, JIT and runtime start included.
/// Usage: <c>dotnet run -c Release --project tests/BlkTrace.Benchmarks -- blktrace-import [--events N] [--runs R] [--dir D]</c>.
/// </summary>
public static class BlktraceImportComparison
{
    public static int Run(string[] args)
    {
        long events = 1_000_000;
        int runs = 5;
        string dir = Path.Combine(Path.GetTempPath(), "blkt-import-bench");
        for (int i = 0; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--events": events = long.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--runs": runs = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--dir": dir = args[i + 1]; break;
            }
        }

        if (Directory.Exists(dir))
        {
            Directory.Delete(dir, recursive: true);
        }

        Directory.CreateDirectory(dir);
        string prefix = Path.Combine(dir, "bench");
        var rows = SyntheticWorkload.Generate(SyntheticWorkloadKind.MixedReadWrite, (int)(events / 5), 42);
        var export = BlktraceExporter.Export(rows, prefix);
        string file = export.Files[0];
        long written = export.Written;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"blktrace-import: {file}: {written:N0} events ({new FileInfo(file).Length / 1048576.0:N1} MiB), {export.Requests:N0} requests; best of {runs} runs each"));

        double blkparse = Best(runs, () => Process("blkparse", "-i", file, "-o", "/dev/null"));
        double blkparseQ = Best(runs, () => Process("blkparse", "-q", "-i", file, "-o", "/dev/null"));

        int n = 0;
        double Import()
        {
            string output = Path.Combine(dir, $"import-{n++}.parquet");
            var sw = Stopwatch.StartNew();
            BlktraceImporter.ImportToTrace([file], output);
            double s = sw.Elapsed.TotalSeconds;
            File.Delete(output);
            return s;
        }

        double ParseOnly()
        {
            var sw = Stopwatch.StartNew();
            BlktraceImporter.Import([file], NullSink.Instance);
            return sw.Elapsed.TotalSeconds;
        }

        Import();
        ParseOnly();
        double ours = Best(runs, Import);
        double parse = Best(runs, ParseOnly);
        string blkt = Path.Combine(AppContext.BaseDirectory, "blkt.dll");
        double cold = Best(Math.Min(runs, 3), () =>
        {
            string output = Path.Combine(dir, $"cold-{n++}.parquet");
            double s = Process("dotnet", blkt, "convert", file, output);
            File.Delete(output);
            return s;
        });

        Console.WriteLine("                                          seconds        events/s   ours/blkparse");
        Line("blkparse -i FILE -o /dev/null", blkparse, written, blkparse);
        Line("blkparse -q -i FILE -o /dev/null", blkparseQ, written, blkparse);
        Line("blkt import -> Parquet (in-process)", ours, written, blkparse);
        Line("blkt import, parse+pair only", parse, written, blkparse);
        Line("blkt convert (cold process)", cold, written, blkparse);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ratio (blkparse time / blkt import time, in-process to Parquet): {blkparse / ours:0.0}x (target >= 10x)"));
        Directory.Delete(dir, recursive: true);
        return 0;
    }

    private static void Line(string what, double seconds, long events, double blkparse) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{what,-40} {seconds,8:0.000} {events / seconds,15:N0} {blkparse / seconds,14:0.0}x"));

    private static double Best(int runs, Func<double> run)
    {
        double best = double.MaxValue;
        for (int i = 0; i < runs; i++)
        {
            best = Math.Min(best, run());
        }

        return best;
    }

    private static double Process(string program, params string[] args)
    {
        var psi = new ProcessStartInfo(program) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string a in args)
        {
            psi.ArgumentList.Add(a);
        }

        var sw = Stopwatch.StartNew();
        using var p = System.Diagnostics.Process.Start(psi) ?? throw new InvalidOperationException($"cannot start {program}");
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        p.WaitForExit();
        double s = sw.Elapsed.TotalSeconds;
        if (p.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', args)} exited {p.ExitCode}: {stderr.Result}");
        }

        _ = stdout.Result;
        return s;
    }

    private sealed class NullSink : ITraceRowSink
    {
        public static readonly NullSink Instance = new();

        public void Append(in RingEvent row)
        {
        }
    }
}
