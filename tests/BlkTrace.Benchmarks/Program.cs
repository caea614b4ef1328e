using System.Globalization;
using BenchmarkDotNet.Running;
using BlkTrace.Benchmarks;

if (args.Length > 0 && args[0] == "trace-report")
{
    TraceSizeReport.Run(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 2_000_000);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(RingBenchmarks).Assembly).Run(args);
