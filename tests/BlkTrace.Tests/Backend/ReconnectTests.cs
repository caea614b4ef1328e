using BlkTrace.Backend.Profiles;
using BlkTrace.Backend.Service;
using BlkTrace.Backend.Stores;
using BlkTrace.Frontend;
using BlkTrace.Protocol.Blkif;
using BlkTrace.Protocol.Transport;
using BlkTrace.Protocol.XenStore;

namespace BlkTrace.Tests.Backend;

/// <summary>
/// A backend serving one frontend after another (the lab's replay: one connection per strategy) gives
/// each connection's grants back when it ends, before it waits for the next frontend: in real Xen the
/// old ring page would otherwise still be mapped through gntdev when the reconnecting frontend
/// publishes its new ring. A recording transport over a real vbd directory sees the order.
/// </summary>
public sealed class ReconnectTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "blkt-reconnect-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public void Serve_ThreeConnections_EachRingReleasedBeforeTheNextIsMapped()
    {
        using var inner = VbdDirectory.OpenBackend(_dir);
        var transport = new RecordingTransport(inner);
        using var store = new MemoryBlockStore(4096, writeCache: true);
        var backend = new BlkifBackend(transport, store, new BackendOptions { Profile = BackendProfiles.Linux });
        using var stop = new CancellationTokenSource();
        var serve = new Thread(() => backend.Serve(null, stop.Token)) { IsBackground = true };
        serve.Start();

        for (int connection = 1; connection <= 3; connection++)
        {
            using (var front = VbdDirectory.OpenFrontend(_dir))
            using (var driver = FrontendDriver.Connect(front, new FrontendOptions { DataPagesPerQueue = 8, SpinIterations = 100 }, CancellationToken.None))
            {
                Assert.Equal(BlkifStatus.Okay, Flush(driver.Queues[0]));
                driver.Close();
            }

            Assert.True(transport.Released.Wait(TimeSpan.FromSeconds(60)), $"connection {connection}: grants never released");
        }

        stop.Cancel();
        Assert.True(serve.Join(TimeSpan.FromSeconds(60)), "the backend did not stop");
        Assert.Equal(3, backend.Connections);
        Assert.Equal(
            ["map 1", "ring 1", "release 1", "map 2", "ring 2", "release 2", "map 3", "ring 3", "release 3"],
            transport.Log);
    }

    [Fact]
    public void Accept_RingCannotBeMapped_GrantsReleasedAndOneLineError()
    {
        using var inner = VbdDirectory.OpenBackend(_dir);
        var transport = new RecordingTransport(inner) { RefuseRings = true };
        using var store = new MemoryBlockStore(4096, writeCache: true);
        var backend = new BlkifBackend(transport, store, new BackendOptions { Profile = BackendProfiles.Linux });
        backend.Announce();
        using var front = VbdDirectory.OpenFrontend(_dir);
        using var cancel = new CancellationTokenSource();
        Exception? frontendFailure = null;
        var connect = new Thread(() =>
        {
            try
            {
                FrontendDriver.Connect(front, new FrontendOptions { DataPagesPerQueue = 8, HandshakeTimeout = TimeSpan.FromSeconds(60) }, cancel.Token).Dispose();
            }
            catch (Exception x)
            {
                frontendFailure = x;
            }
        })
        { IsBackground = true };
        connect.Start();

        var e = Assert.Throws<TransportException>(() => backend.Accept(TimeSpan.FromSeconds(60), CancellationToken.None));

        cancel.Cancel();
        Assert.True(connect.Join(TimeSpan.FromSeconds(60)), "the frontend did not give up");
        Assert.NotNull(frontendFailure);
        Assert.DoesNotContain('\n', e.Message);
        Assert.Contains("frontend/ring-ref", e.Message, StringComparison.Ordinal);
        Assert.Equal(["map 1", "ring 1", "release 1"], transport.Log);
    }

    public void Dispose()
    {
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }

    private static BlkifStatus? Flush(FrontendQueueDriver queue)
    {
        Assert.True(queue.TrySubmit(BlkifRequest.Direct(BlkifOperation.FlushDiskCache, 0, 0, []), 7));
        queue.Kick();
        Span<FrontendCompletion> done = stackalloc FrontendCompletion[4];
        for (int i = 0; i < 600; i++)
        {
            _ = queue.WaitForResponses(100);
            if (queue.Poll(done) > 0)
            {
                return done[0].Status;
            }
        }

        return null;
    }

    /// <summary>Forwards to a real transport and records, in order, grant maps, ring maps and releases.</summary>
    private sealed class RecordingTransport(IBackendTransport inner) : IBackendTransport
    {
        private readonly Lock _lock = new();
        private readonly List<string> _log = [];
        private readonly Dictionary<IGrantMapper, int> _numbers = new(ReferenceEqualityComparer.Instance);

        public SemaphoreSlim Released { get; } = new(0);

        public bool RefuseRings { get; init; }

        public IReadOnlyList<string> Log
        {
            get
            {
                lock (_lock)
                {
                    return [.. _log];
                }
            }
        }

        public string Description => "recording " + inner.Description;

        public IXenStore Store => inner.Store;

        public IGrantMapper MapGrants()
        {
            lock (_lock)
            {
                var mapper = new Mapper(this, inner.MapGrants(), _numbers.Count + 1);
                _numbers[mapper] = mapper.Number;
                _log.Add("map " + mapper.Number);
                return mapper;
            }
        }

        public void ReleaseGrants(IGrantMapper grants)
        {
            lock (_lock)
            {
                _log.Add(_numbers.TryGetValue(grants, out int n) ? "release " + n : "release of a mapper never handed out");
            }

            Released.Release();
        }

        public IEventChannel BindEventChannel(int queue, int queueCount) => inner.BindEventChannel(queue, queueCount);

        public void Dispose() => Released.Dispose();

        private void Add(string entry)
        {
            lock (_lock)
            {
                _log.Add(entry);
            }
        }

        private sealed class Mapper(RecordingTransport owner, IGrantMapper inner, int number) : IGrantMapper
        {
            public int Number => number;

            public Span<byte> MapPage(uint grantRef) => inner.MapPage(grantRef);

            public void ReleasePage(uint grantRef) => inner.ReleasePage(grantRef);

            public bool TryMapRing(ReadOnlySpan<uint> grantRefs, out MemoryRegion region, out string? problem)
            {
                owner.Add("ring " + number);
                if (owner.RefuseRings)
                {
                    region = default;
                    problem = "mmap failed: Invalid argument (refused by the test)";
                    return false;
                }

                return inner.TryMapRing(grantRefs, out region, out problem);
            }
        }
    }
}
