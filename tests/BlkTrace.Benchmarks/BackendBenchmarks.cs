using BenchmarkDotNet.Attributes;
using BlkTrace.Backend.Profiles;
using BlkTrace.Backend.Service;
using BlkTrace.Backend.Stores;
using BlkTrace.Frontend;
using BlkTrace.Protocol.Blkif;
using BlkTrace.Protocol.Transport;
using BlkTrace.Protocol.Wire;

namespace BlkTrace.Benchmarks;

/// <summary>
/// The full backend path (copy, validate, profile, null store, respond) driven by the frontend
/// driver in-process at QD 32 with 4 KiB writes: one operation is one request answered. The
/// memory diagnoser counts every thread's allocations, the backend's ring thread included.
/// </summary>
[MemoryDiagnoser]
public class BackendBenchmarks
{
    private const int Requests = 1_000_000;
    private const int QueueDepth = 32;
    private InProcessVbd? _vbd;
    private NullBlockStore? _store;
    private BackendSession? _session;
    private FrontendDriver? _driver;
    private FrontendCompletion[] _completions = [];
    private BlkifRequest _request;

    /// <summary>The running session (for diagnostics printed by <c>null-qd32</c>).</summary>
    public BackendSession? Session => _session;

    /// <summary>The frontend (for diagnostics printed by <c>null-qd32</c>).</summary>
    public FrontendDriver? Driver => _driver;

    private BlkTrace.Trace.Tap.TraceTap? _tap;
    private string? _tapDir;

    [Params("linux", "qemu")]
    public string Profile { get; set; } = "linux";

    /// <summary>With the Parquet tap recording every request and response (Block backpressure), as <c>blkt backend --trace</c> runs.</summary>
    [Params(false, true)]
    public bool Tap { get; set; }

    /// <summary>Events the tap recorded (for the tap-overhead figures of <c>null-qd32</c>).</summary>
    public long TapEvents => _tap?.RecordedEvents ?? 0;

    [GlobalSetup]
    public void Setup()
    {
        _vbd = new InProcessVbd();
        _store = new NullBlockStore(1 << 21);
        if (Tap)
        {
            _tapDir = Path.Combine(Path.GetTempPath(), "blkt-bench-tap-" + Guid.NewGuid().ToString("N")[..8]);
            _tap = BlkTrace.Trace.Tap.TraceTap.Start(_tapDir, new BlkTrace.Trace.TraceMetadata { Profile = Profile });
        }

        var backend = new BlkifBackend(_vbd.Backend, _store, new BackendOptions { Profile = BackendProfiles.ByName(Profile), Tap = _tap });
        backend.Announce();
        var accept = Task.Run(() => backend.Accept(TimeSpan.FromSeconds(30), CancellationToken.None));
        _driver = FrontendDriver.Connect(_vbd.Frontend, new FrontendOptions { RingPageOrder = 0 }, CancellationToken.None);
        _session = accept.GetAwaiter().GetResult();
        var q = _driver.Queues[0];
        Span<int> page = stackalloc int[1];
        q.TryAllocatePages(page);
        _request = BlkifRequest.Direct(BlkifOperation.Write, 0, 0, [new BlkifSegment(q.GrantRef(page[0]), 0, 7)]);
        _completions = new FrontendCompletion[q.Capacity];
    }

    [Benchmark(OperationsPerInvoke = Requests)]
    public long NullStoreQd32Write4K()
    {
        var q = _driver!.Queues[0];
        long sent = 0, done = 0;
        while (done < Requests)
        {
            while (sent < Requests && q.Outstanding < QueueDepth)
            {
                _request.SectorNumber = (ulong)(sent & 0xFFFF) * 8;
                q.TrySubmit(_request, (ulong)sent);
                if ((++sent & 7) == 0)
                {
                    // Publish in quarter-ring steps, as a real frontend does, so the backend starts early.
                    q.Kick();
                }
            }

            q.Kick();
            int n = q.Poll(_completions);
            done += n;
            if (n == 0)
            {
                q.WaitForResponses(50);
            }
        }

        return done;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _driver!.Dispose();
        _session!.Dispose();
        _vbd!.Dispose();
        _store!.Dispose();
        _tap?.Dispose();
        if (_tapDir is not null && Directory.Exists(_tapDir))
        {
            Directory.Delete(_tapDir, recursive: true);
        }
    }
}
