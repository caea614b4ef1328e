using BenchmarkDotNet.Attributes;
using BlkTrace.Protocol.Blkif;
using BlkTrace.Protocol.Diagnostics;
using BlkTrace.Protocol.Ring;
using BlkTrace.Protocol.Transport;

namespace BlkTrace.Benchmarks;

/// <summary>
/// Echo round trips through the shared ring with the backend on another thread (in-process
/// transport). One operation is one round trip.
/// </summary>
[MemoryDiagnoser]
public class RingBenchmarks
{
    private const int RoundTrips = 2_000_000;
    private InProcessVbd? _vbd;
    private FrontRing? _front;
    private IEventChannel? _channel;
    private CancellationTokenSource? _stop;
    private Thread? _server;
    private ulong _nextId = 1UL << 40;

    [Params(0, 2)]
    public int PageOrder { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _vbd = new InProcessVbd();
        var timeout = TimeSpan.FromSeconds(10);
        var accept = Task.Run(() => RingEchoSetup.AcceptFrontend(_vbd.Backend, 1 << 20, timeout, CancellationToken.None));
        (_front, _channel) = RingEchoSetup.ConnectToBackend(_vbd.Frontend, PageOrder, BlkifAbi.X86_64, timeout, CancellationToken.None);
        var (back, backChannel) = accept.GetAwaiter().GetResult();
        _stop = new CancellationTokenSource();
        var server = new RingEchoServer(back, backChannel);
        _server = new Thread(() => server.Run(_stop.Token)) { IsBackground = true };
        _server.Start();
    }

    [Benchmark(OperationsPerInvoke = RoundTrips)]
    public long InProcessEcho()
    {
        var result = new RingEchoClient(_front!, _channel!).Run(RoundTrips, _nextId, CancellationToken.None);
        _nextId += RoundTrips;
        return result.Mismatches;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _stop!.Cancel();
        _server!.Join();
        _vbd!.Dispose();
    }
}
