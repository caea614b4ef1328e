using BlkTrace.Protocol.Blkif;
using BlkTrace.Protocol.Ring;
using BlkTrace.Protocol.Transport;
using BlkTrace.Protocol.XenStore;

namespace BlkTrace.Protocol.Handshake;

/// <summary>
/// The backend's half of the blkif handshake (spec/blkif.md §4): publish features and go InitWait;
/// wait for the frontend to be Initialised and read its rings; publish the disk and go Connected;
/// close with Closing then Closed.
/// </summary>
public sealed class BackendHandshake
{
    private readonly IXenStore _store;

    /// <summary>Drives the handshake over <paramref name="store"/> (a backend view).</summary>
    public BackendHandshake(IXenStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        if (store.Side != XenStoreSide.Backend)
        {
            throw new ArgumentException("the backend handshake needs the backend's view of the store", nameof(store));
        }

        _store = store;
    }

    /// <summary>Writes <c>state</c> = Initialising, then every feature node, then <c>state</c> = InitWait.</summary>
    public void Announce(IEnumerable<KeyValuePair<string, string>> features)
    {
        ArgumentNullException.ThrowIfNull(features);
        XenStoreValues.WriteState(_store, Backend(XenStoreNodes.State), XenbusState.Initialising);
        foreach (var (node, value) in features)
        {
            _store.Write(Backend(node), value);
        }

        XenStoreValues.WriteState(_store, Backend(XenStoreNodes.State), XenbusState.InitWait);
    }

    /// <summary>The frontend's state now.</summary>
    public XenbusState FrontendState => XenStoreValues.ReadState(_store, Frontend(XenStoreNodes.State));

    /// <summary>
    /// Waits for the frontend to be Initialised and reads what it published, checking every value
    /// against what this backend advertised.
    /// </summary>
    /// <param name="maxQueues">The backend's <c>multi-queue-max-queues</c>.</param>
    /// <param name="maxRingPageOrder">The backend's <c>max-ring-page-order</c>.</param>
    /// <param name="defaultAbi">The ABI to assume when the frontend writes no <c>protocol</c>.</param>
    /// <param name="timeout">How long to wait for the frontend.</param>
    /// <param name="cancellationToken">Stops the wait.</param>
    public FrontendRings WaitForFrontend(int maxQueues, int maxRingPageOrder, BlkifAbi defaultAbi, TimeSpan timeout, CancellationToken cancellationToken)
    {
        XenStoreValues.WaitForState(_store, Frontend(XenStoreNodes.State), XenbusState.Initialised, timeout, cancellationToken);

        string? protocol = _store.Read(Frontend(XenStoreNodes.Protocol));
        BlkifAbi abi = defaultAbi;
        if (protocol is not null && !BlkifAbiInfo.TryParse(protocol, out abi))
        {
            throw new TransportException($"{_store.Describe(Frontend(XenStoreNodes.Protocol))}: unknown protocol '{protocol}' (x86_64-abi or x86_32-abi)");
        }

        uint order = XenStoreValues.ReadUInt32(_store, Frontend(XenStoreNodes.RingPageOrder)) ?? 0;
        if (order > (uint)maxRingPageOrder)
        {
            throw new TransportException($"{_store.Describe(Frontend(XenStoreNodes.RingPageOrder))}: {order} exceeds max-ring-page-order {maxRingPageOrder}");
        }

        uint queueCount = XenStoreValues.ReadUInt32(_store, Frontend(XenStoreNodes.MultiQueueNumQueues)) ?? 1;
        if (queueCount == 0 || queueCount > (uint)maxQueues)
        {
            throw new TransportException($"{_store.Describe(Frontend(XenStoreNodes.MultiQueueNumQueues))}: {queueCount} queues requested, 1..{maxQueues} allowed");
        }

        var queues = new List<FrontendQueue>((int)queueCount);
        for (int q = 0; q < queueCount; q++)
        {
            queues.Add(ReadQueue(q, (int)queueCount, (int)order));
        }

        return new FrontendRings(abi, protocol is not null, (int)order, queues);
    }

    /// <summary>
    /// Maps a queue's ring and checks its header: a ring-ref past the grants, or indices that claim
    /// more than a ring of requests, are errors naming the node.
    /// </summary>
    public SharedRing MapRing(IGrantMapper grants, FrontendRings rings, FrontendQueue queue)
    {
        ArgumentNullException.ThrowIfNull(grants);
        ArgumentNullException.ThrowIfNull(rings);
        ArgumentNullException.ThrowIfNull(queue);
        uint[] refs = [.. queue.RingRefs];
        string node = Frontend(rings.Queues.Count > 1 ? $"queue-{queue.Index}/ring-ref" : "ring-ref");
        if (!grants.TryMapRing(refs, out var region, out string? problem))
        {
            throw new TransportException($"{_store.Describe(node)}: {problem}");
        }

        var ring = new SharedRing(region, rings.RingPageOrder, rings.Abi);
        if (ring.DescribeHeaderProblem() is { } bad)
        {
            throw new TransportException($"{_store.Describe(node)}: ring header is not usable: {bad}");
        }

        return ring;
    }

    /// <summary>Publishes the disk (<c>sectors</c>, <c>info</c>, <c>sector-size</c>, <c>physical-sector-size</c>) and goes Connected.</summary>
    public void Connect(DiskGeometry disk)
    {
        XenStoreValues.Write(_store, Backend(XenStoreNodes.Sectors), disk.Sectors);
        XenStoreValues.Write(_store, Backend(XenStoreNodes.Info), (ulong)disk.Info);
        XenStoreValues.Write(_store, Backend(XenStoreNodes.SectorSize), (ulong)disk.SectorSize);
        XenStoreValues.Write(_store, Backend(XenStoreNodes.PhysicalSectorSize), (ulong)disk.PhysicalSectorSize);
        _store.Write(Backend(XenStoreNodes.Mode), disk.IsReadOnly ? "r" : "w");
        XenStoreValues.WriteState(_store, Backend(XenStoreNodes.State), XenbusState.Connected);
    }

    /// <summary>Goes Closing, then Closed.</summary>
    public void Close()
    {
        XenStoreValues.WriteState(_store, Backend(XenStoreNodes.State), XenbusState.Closing);
        XenStoreValues.WriteState(_store, Backend(XenStoreNodes.State), XenbusState.Closed);
    }

    private static string Backend(string node) => XenStorePath.Of(XenStoreSide.Backend, node);

    private static string Frontend(string node) => XenStorePath.Of(XenStoreSide.Frontend, node);

    private FrontendQueue ReadQueue(int queue, int queueCount, int order)
    {
        string Q(string node) => XenStorePath.OfQueue(XenStoreSide.Frontend, queue, queueCount, node);
        int pages = 1 << order;
        var refs = new uint[pages];
        if (order == 0 && _store.Read(Q(XenStoreNodes.RingRef)) is not null)
        {
            refs[0] = XenStoreValues.RequireUInt32(_store, Q(XenStoreNodes.RingRef));
        }
        else
        {
            for (int i = 0; i < pages; i++)
            {
                refs[i] = XenStoreValues.RequireUInt32(_store, Q(XenStoreNodes.RingRefN(i)));
            }
        }

        uint port = XenStoreValues.RequireUInt32(_store, Q(XenStoreNodes.EventChannel));
        return new FrontendQueue(queue, refs, port);
    }
}
