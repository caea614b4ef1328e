using BenchmarkDotNet.Attributes;
using BlkTrace.Protocol.Blkif;
using BlkTrace.Protocol.Wire;
using BlkTrace.Trace;
using BlkTrace.Trace.Tap;

namespace BlkTrace.Benchmarks;

/// <summary>
/// What a ring thread pays per event: one operation is one call (half requests with two
/// segments, half responses). <c>NoOpSink</c> is the same loop into a sink that does nothing.
/// Under Block the loop runs at the writer's sustained rate once the buffer is full; under Drop it
/// never waits, so it shows the append itself (events beyond the buffer are dropped and counted).
/// </summary>
[MemoryDiagnoser]
public class TraceTapBenchmarks
{
    private const int Pairs = 1_000_000;
    private readonly BlkifResponse _response = new(5, BlkifOperation.Write, BlkifStatus.Okay);
    private BlkifRequest _request;
    private TraceTap? _tap;
    private string _dir = string.Empty;

    [Params(TapBackpressure.Block, TapBackpressure.Drop)]
    public TapBackpressure Backpressure { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _request = BlkifRequest.Direct(BlkifOperation.Write, 5, 1024, [new BlkifSegment(1, 0, 7), new BlkifSegment(2, 0, 7)]);
        _dir = Path.Combine(Path.GetTempPath(), "blkt-bench-tap-" + Guid.NewGuid().ToString("N")[..8]);
        _tap = TraceTap.Start(_dir, new TraceMetadata(), options: new TraceTapOptions { Backpressure = Backpressure });
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = 2 * Pairs)]
    public void NoOpSink() => Drive(NoOp.Instance);

    [Benchmark(OperationsPerInvoke = 2 * Pairs)]
    public void Tap() => Drive(_tap!);

    [GlobalCleanup]
    public void Cleanup()
    {
        _tap!.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    private void Drive(IRingEventSink sink)
    {
        for (uint i = 0; i < Pairs; i++)
        {
            _request.SectorNumber = i << 4;
            sink.OnRequest(0, i, _request, default, null);
            sink.OnResponse(0, i, _response);
        }
    }

    private sealed class NoOp : IRingEventSink
    {
        public static readonly NoOp Instance = new();

        public void OnRequest(int queue, uint ringIndex, in BlkifRequest request, ReadOnlySpan<BlkifSegment> indirectSegments, long? dataHash)
        {
        }

        public void OnResponse(int queue, uint ringIndex, in BlkifResponse response)
        {
        }

        public void OnStoreFlush(int queue, ulong requestId)
        {
        }
    }
}
