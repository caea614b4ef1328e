using System.Globalization;
using BenchmarkDotNet.Running;
using BlkTrace.Benchmarks;

// Scripts that print figures (peers side by side, ratios) come first; everything else is BenchmarkDotNet.
if (args.Length > 0 && args[0] == "trace-report")
{
    TraceSizeReport.Run(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 2_000_000);
    return 0;
}

if (args.Length > 0 && args[0] == "fio-compare")
{
    return FioComparison.Run(args[1..]);
}

if (args.Length > 0 && args[0] == "blktrace-import")
{
    return BlktraceImportComparison.Run(args[1..]);
}

if (args.Length > 0 && args[0] == "replay-issue-error")
{
    return ReplayIssueError.Run(args[1..]);
}

if (args.Length > 0 && args[0] == "replay-timing")
{
    return ReplayTimingRun.Run(args[1..]);
}

if (args.Length > 0 && args[0] == "analyze-vs-duckdb")
{
    return AnalyzeVsDuckDb.Run(args[1..]);
}

if (args.Length > 0 && args[0] == "analyze-split")
{
    return AnalyzeSplit.Run(args[1..]);
}

if (args.Length > 0 && args[0] == "null-qd32")
{
    return NullQd32Run.Run(args[1..]);
}

BenchmarkSwitcher.FromAssembly(typeof(RingBenchmarks).Assembly).Run(args);
return 0;
