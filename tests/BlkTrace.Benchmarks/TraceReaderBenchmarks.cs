using BenchmarkDotNet.Attributes;
using BlkTrace.Trace;
using BlkTrace.Trace.Storage;

namespace BlkTrace.Benchmarks;

/// <summary>Streaming read of a 2 M-row capture: every column, or the two a latency scan needs. One operation is one row.</summary>
[MemoryDiagnoser]
public class TraceReaderBenchmarks
{
    private const int Requests = 1_000_000;
    private string _dir = string.Empty;
    private long _rows;

    [Params(TraceColumns.All, TraceColumns.TsNs | TraceColumns.Kind)]
    public TraceColumns Columns { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _dir = Path.Combine(Path.GetTempPath(), "blkt-bench-reader-" + Guid.NewGuid().ToString("N")[..8]);
        var events = SyntheticWorkload.Generate(SyntheticWorkloadKind.RandomWrites8KWithFlushes, Requests, seed: 42);
        using var writer = new TraceWriter(_dir, new TraceMetadata());
        foreach (ref readonly var e in events.AsSpan())
        {
            writer.Append(e);
        }

        _rows = events.Length;
    }

    [Benchmark(OperationsPerInvoke = 2 * Requests)]
    public long Scan()
    {
        long sum = 0;
        using var reader = TraceReader.Open(_dir, Columns);
        while (reader.MoveNext())
        {
            var ts = reader.Current.TsNs;
            for (int i = 0; i < ts.Length; i++)
            {
                sum += ts[i];
            }
        }

        return sum + _rows;
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_dir, recursive: true);
}
