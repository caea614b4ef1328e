using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using BlkTrace.Protocol.Blkif;
using BlkTrace.Protocol.Diagnostics;
using BlkTrace.Protocol.Handshake;
using BlkTrace.Protocol.Ring;
using BlkTrace.Protocol.Transport;

namespace BlkTrace.Benchmarks;

/// <summary>
/// Echo round trips with the backend in another OS process (<c>blkt ring-bench --role echo</c>),
/// sharing only a vbd directory: the mapped grants file, xenstore files and Unix datagram sockets.
/// Both processes poll while busy, so this measures the ring across processes, not the sockets.
/// </summary>
[MemoryDiagnoser]
public class CrossProcessRingBenchmarks
{
    private const int RoundTrips = 2_000_000;
    private string? _dir;
    private Process? _echo;
    private IFrontendTransport? _transport;
    private FrontRing? _front;
    private IEventChannel? _channel;
    private ulong _nextId = 1UL << 40;

    [Params(0, 2)]
    public int PageOrder { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _dir = Path.Combine("/tmp", "blkt-bench-" + Guid.NewGuid().ToString("N")[..8]);
        var psi = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true };
        foreach (string a in new[] { Path.Combine(AppContext.BaseDirectory, "blkt.dll"), "ring-bench", "--role", "echo", "--vbd", _dir })
        {
            psi.ArgumentList.Add(a);
        }

        _echo = Process.Start(psi)!;
        for (int i = 0; i < 300 && !Directory.Exists(_dir); i++)
        {
            Thread.Sleep(100);
        }

        _transport = VbdDirectory.OpenFrontend(_dir);
        (_front, _channel) = RingEchoSetup.ConnectToBackend(_transport, PageOrder, BlkifAbi.X86_64, TimeSpan.FromSeconds(30), CancellationToken.None);
    }

    [Benchmark(OperationsPerInvoke = RoundTrips)]
    public long CrossProcessEcho()
    {
        var result = new RingEchoClient(_front!, _channel!).Run(RoundTrips, _nextId, CancellationToken.None);
        _nextId += RoundTrips;
        return result.Mismatches;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        new FrontendHandshake(_transport!.Store).Close();
        _echo!.WaitForExit(30_000);
        _channel!.Dispose();
        _transport.Dispose();
        Directory.Delete(_dir!, recursive: true);
    }
}
