using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(BlkTrace.Benchmarks.RingBenchmarks).Assembly).Run(args);
