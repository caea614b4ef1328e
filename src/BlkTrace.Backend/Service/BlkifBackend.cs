using BlkTrace.Backend.Stores;
using BlkTrace.Protocol.Blkif;
using BlkTrace.Protocol.Handshake;
using BlkTrace.Protocol.Ring;
using BlkTrace.Protocol.Transport;
using BlkTrace.Protocol.XenStore;

namespace BlkTrace.Backend.Service;

/// <summary>
/// A working blkif backend over any transport: publishes its profile's feature keys and goes
/// InitWait, accepts a frontend (one ring thread per queue), and after the frontend closes goes
/// back to InitWait for the next one, as a real backend waits for a guest to reconnect. It owns
/// neither the transport nor the store.
/// </summary>
public sealed class BlkifBackend
{
    private readonly IBackendTransport _transport;
    private readonly IBlockStore _store;
    private readonly BackendOptions _options;
    private readonly BackendHandshake _handshake;
    private readonly List<BackendCounters> _counters = [];
    private readonly Lock _lock = new();

    /// <summary>A backend serving <paramref name="store"/> over <paramref name="transport"/>.</summary>
    public BlkifBackend(IBackendTransport transport, IBlockStore store, BackendOptions options)
    {
        ArgumentNullException.ThrowIfNull(transport);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(options);
        var profile = options.Profile;
        int sectorSize = options.SectorSize;
        if (sectorSize < BlkifConstants.SectorSize || sectorSize > BlkifConstants.PageSize || !int.IsPow2(sectorSize))
        {
            throw new ArgumentException($"--sector-size {sectorSize}: must be a power of two in 512..4096");
        }

        if (store.Sectors % (ulong)(sectorSize / BlkifConstants.SectorSize) != 0)
        {
            throw new ArgumentException($"{store.Description}: {store.Sectors * 512} bytes is not a whole number of {sectorSize}-byte sectors");
        }

        MaxQueues = options.MaxQueues ?? profile.MaxQueues;
        if (MaxQueues < 1 || MaxQueues > profile.MaxQueues)
        {
            throw new ArgumentException($"--queues {MaxQueues}: profile {profile.Name} serves 1..{profile.MaxQueues} queues");
        }

        MaxRingPageOrder = options.MaxRingPageOrder ?? profile.MaxRingPageOrder;
        if (MaxRingPageOrder < 0 || MaxRingPageOrder > profile.MaxRingPageOrder)
        {
            throw new ArgumentException($"--max-ring-page-order {MaxRingPageOrder}: profile {profile.Name} allows 0..{profile.MaxRingPageOrder}");
        }

        _transport = transport;
        _store = store;
        _options = options;
        _handshake = new BackendHandshake(transport.Store);
        Disk = new DiskGeometry(
            store.Sectors,
            options.ReadOnly ? VDiskInfo.ReadOnly : VDiskInfo.None,
            sectorSize,
            options.PhysicalSectorSize > 0 ? options.PhysicalSectorSize : sectorSize);
        Features = profile.Features(store, MaxQueues, MaxRingPageOrder, sectorSize);
    }

    /// <summary>The disk published at connect.</summary>
    public DiskGeometry Disk { get; }

    /// <summary>Queues offered.</summary>
    public int MaxQueues { get; }

    /// <summary>Ring page order offered.</summary>
    public int MaxRingPageOrder { get; }

    /// <summary>The feature keys written before InitWait.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Features { get; }

    /// <summary>The options.</summary>
    public BackendOptions Options => _options;

    /// <summary>Connections served so far (the current one included).</summary>
    public int Connections { get; private set; }

    /// <summary>Counters summed over every ring of every connection so far.</summary>
    public BackendStatistics Statistics()
    {
        lock (_lock)
        {
            return BackendStatistics.From(_counters, _store.Counters);
        }
    }

    /// <summary>Writes the feature keys and goes InitWait.</summary>
    public void Announce() => _handshake.Announce(Features);

    /// <summary>
    /// Waits for a frontend to be Initialised, maps its rings, binds the event channels, goes
    /// Connected and starts a ring thread per queue. Call <see cref="Announce"/> first.
    /// </summary>
    public BackendSession Accept(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var rings = _handshake.WaitForFrontend(MaxQueues, MaxRingPageOrder, _options.Profile.DefaultAbi, timeout, cancellationToken);
        var grants = _transport.MapGrants();
        var facts = new DiskFacts(Disk.Sectors, Disk.IsReadOnly, Disk.SectorSize);
        var services = new List<RingService>(rings.Queues.Count);
        var channels = new IEventChannel[rings.Queues.Count];
        try
        {
            for (int q = 0; q < rings.Queues.Count; q++)
            {
                var shared = _handshake.MapRing(grants, rings, rings.Queues[q]);
                channels[q] = _transport.BindEventChannel(q, rings.Queues.Count);
                services.Add(new RingService(q, new BackRing(shared), grants, channels[q], _store, facts, _options));
            }
        }
        catch
        {
            foreach (var s in services)
            {
                s.Dispose();
            }

            foreach (var c in channels)
            {
                c?.Dispose();
            }

            _transport.ReleaseGrants(grants);
            throw;
        }

        lock (_lock)
        {
            foreach (var s in services)
            {
                _counters.Add(s.Counters);
            }
        }

        var session = new BackendSession(rings, services, channels, () => _transport.ReleaseGrants(grants));
        session.Start();
        try
        {
            _handshake.Connect(Disk);
        }
        catch
        {
            session.Dispose();
            throw;
        }

        Connections++;
        return session;
    }

    /// <summary>
    /// Serves frontends one after another until cancelled: InitWait, accept, serve until the frontend
    /// goes Closing, Closed, and again. On cancellation the current rings stop and the state goes
    /// Closing then Closed.
    /// </summary>
    /// <param name="onConnected">Called with each new session (for status displays).</param>
    /// <param name="cancellationToken">Stops serving.</param>
    public void Serve(Action<BackendSession>? onConnected, CancellationToken cancellationToken)
    {
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                Announce();
                if (!WaitForFreshFrontend(cancellationToken))
                {
                    break;
                }

                using var session = Accept(TimeSpan.FromDays(3650), cancellationToken);
                onConnected?.Invoke(session);
                while (!cancellationToken.IsCancellationRequested && _handshake.FrontendState is < XenbusState.Closing or > XenbusState.Closed)
                {
                    _transport.Store.WaitForChange(200);
                }

                if (!cancellationToken.IsCancellationRequested)
                {
                    _handshake.Close();
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Ctrl-C while waiting for a frontend.
        }
        finally
        {
            _handshake.Close();
        }
    }

    /// <summary>A frontend left Closing/Closed by an earlier connection: wait for a new one to start over.</summary>
    private bool WaitForFreshFrontend(CancellationToken cancellationToken)
    {
        while (_handshake.FrontendState is XenbusState.Closing or XenbusState.Closed)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                return false;
            }

            _transport.Store.WaitForChange(200);
        }

        return !cancellationToken.IsCancellationRequested;
    }
}
