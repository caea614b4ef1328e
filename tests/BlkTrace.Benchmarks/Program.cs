using BenchmarkDotNet.Running;

if (args.Length > 0 && args[0] == "fio-compare")
{
    return BlkTrace.Benchmarks.FioComparison.Run(args[1..]);
}

if (args.Length > 0 && args[0] == "null-qd32")
{
    return BlkTrace.Benchmarks.NullQd32Run.Run(args[1..]);
}

BenchmarkSwitcher.FromAssembly(typeof(BlkTrace.Benchmarks.RingBenchmarks).Assembly).Run(args);
return 0;
