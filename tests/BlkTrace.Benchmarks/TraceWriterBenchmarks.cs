using BenchmarkDotNet.Attributes;
using BlkTrace.Trace;
using BlkTrace.Trace.Storage;

namespace BlkTrace.Benchmarks;

/// <summary>
/// Writer throughput: one operation is one event appended, including row-group encoding (Zstd
/// Fastest) and sealing fsynced segments. Events/s = 1e9 / (ns per op).
/// </summary>
[MemoryDiagnoser]
public class TraceWriterBenchmarks
{
    private const int Requests = 500_000;
    private RingEvent[] _events = [];
    private string _root = string.Empty;
    private int _run;

    [Params(SyntheticWorkloadKind.SequentialWrites, SyntheticWorkloadKind.RandomWrites8KWithFlushes, SyntheticWorkloadKind.MixedReadWrite)]
    public SyntheticWorkloadKind Workload { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _events = SyntheticWorkload.Generate(Workload, Requests, seed: 42);
        _root = Path.Combine(Path.GetTempPath(), "blkt-bench-writer-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(_root);
    }

    /// <summary>About 2 M events per invocation (the count depends on the workload's flushes).</summary>
    [Benchmark(OperationsPerInvoke = 2 * Requests)]
    public long WriteCapture()
    {
        string dir = Path.Combine(_root, "run" + _run++);
        using (var writer = new TraceWriter(dir, new TraceMetadata { Profile = "bench" }))
        {
            foreach (ref readonly var e in _events.AsSpan())
            {
                writer.Append(e);
            }
        }

        long bytes = Directory.GetFiles(dir).Sum(f => new FileInfo(f).Length);
        Directory.Delete(dir, recursive: true);
        return bytes;
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_root, recursive: true);
}
