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
    private IBlockStore? _store;
    private string? _storeFile;
    private BackendSession? _session;
    private FrontendDriver? _driver;
    private FrontendCompletion[] _completions = [];
    private BlkifRequest _request;
    private BlkifRequest _flush;

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

    /// <summary>
    /// The store behind the backend: <c>null</c> (the default: measures the ring path alone), <c>mem</c>
    /// (a memory disk) or <c>file</c> (a real temporary file; flushes are real fdatasyncs).
    /// </summary>
    public string Store { get; set; } = "null";

    /// <summary>Every this many requests one is a FLUSH_DISKCACHE (as a journalling guest sends them); 0: none.</summary>
    public int FlushEvery { get; set; }

    /// <summary>Requests answered per call of <see cref="NullStoreQd32Write4K"/> (the harness uses the default).</summary>
    public int Count { get; set; } = Requests;

    /// <summary>Events the tap recorded (for the tap-overhead figures of <c>null-qd32</c>).</summary>
    public long TapEvents => _tap?.RecordedEvents ?? 0;

    [GlobalSetup]
    public void Setup()
    {
        _vbd = new InProcessVbd();
        const ulong Sectors = 1 << 21;
        if (Store == "file")
        {
            _storeFile = Path.Combine(Path.GetTempPath(), "blkt-bench-disk-" + Guid.NewGuid().ToString("N")[..8] + ".img");
        }

        _store = Store switch
        {
            "null" => new NullBlockStore(Sectors),
            "mem" => new MemoryBlockStore(Sectors),
            "file" => new FileBlockStore(_storeFile!, Sectors * 512),
            _ => throw new ArgumentException($"--store: '{Store}' is not null, mem or file"),
        };
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
        _flush = BlkifRequest.Direct(BlkifOperation.FlushDiskCache, 0, 0, []);
        _completions = new FrontendCompletion[q.Capacity];
    }

    [Benchmark(OperationsPerInvoke = Requests)]
    public long NullStoreQd32Write4K()
    {
        var q = _driver!.Queues[0];
        long sent = 0, done = 0;
        int count = Count;
        while (done < count)
        {
            while (sent < count && q.Outstanding < QueueDepth)
            {
                if (FlushEvery > 0 && sent % FlushEvery == FlushEvery - 1)
                {
                    q.TrySubmit(_flush, (ulong)sent);
                }
                else
                {
                    _request.SectorNumber = (ulong)(sent & 0xFFFF) * 8;
                    q.TrySubmit(_request, (ulong)sent);
                }

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
        if (_storeFile is not null)
        {
            File.Delete(_storeFile);
        }

        if (_tapDir is not null && Directory.Exists(_tapDir))
        {
            Directory.Delete(_tapDir, recursive: true);
        }
    }
}
