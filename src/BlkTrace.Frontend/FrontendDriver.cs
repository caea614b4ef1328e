using BlkTrace.Protocol.Blkif;
using BlkTrace.Protocol.Handshake;
using BlkTrace.Protocol.Ring;
using BlkTrace.Protocol.Transport;

namespace BlkTrace.Frontend;

/// <summary>
/// A blkif frontend over any transport: negotiates with the backend (features, ring order, queues,
/// ABI), grants the ring pages and a page pool per queue, and hands out one
/// <see cref="FrontendQueueDriver"/> per ring. Grant layout: for each queue its ring pages, then its pool.
/// </summary>
public sealed class FrontendDriver : IDisposable
{
    private readonly FrontendHandshake _handshake;
    private readonly List<IEventChannel> _channels;
    private bool _closed;

    private FrontendDriver(FrontendHandshake handshake, BackendFeatures features, DiskGeometry disk, int order, BlkifAbi abi, List<FrontendQueueDriver> queues, List<IEventChannel> channels)
    {
        _handshake = handshake;
        Features = features;
        Disk = disk;
        RingPageOrder = order;
        Abi = abi;
        Queues = queues;
        _channels = channels;
    }

    /// <summary>What the backend advertised.</summary>
    public BackendFeatures Features { get; }

    /// <summary>The disk the backend published.</summary>
    public DiskGeometry Disk { get; }

    /// <summary>The ring page order in use.</summary>
    public int RingPageOrder { get; }

    /// <summary>The ABI in use.</summary>
    public BlkifAbi Abi { get; }

    /// <summary>One driver per ring.</summary>
    public IReadOnlyList<FrontendQueueDriver> Queues { get; }

    /// <summary>Negotiates and connects; returns once the backend is Connected.</summary>
    public static FrontendDriver Connect(IFrontendTransport transport, FrontendOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(transport);
        ArgumentNullException.ThrowIfNull(options);
        var handshake = new FrontendHandshake(transport.Store);
        var features = handshake.WaitForBackend(options.HandshakeTimeout, cancellationToken);
        int order = Math.Min(options.RingPageOrder, (int)Math.Min(features.MaxRingPageOrder, (uint)RingMath.MaxPageOrder));
        int queueCount = (int)Math.Max(1, Math.Min((uint)Math.Max(1, options.Queues), features.MaxQueues));
        int ringPages = 1 << order;
        int ringSize = RingMath.RingSize(order, options.Abi);
        int dataPages = options.DataPagesPerQueue > 0
            ? options.DataPagesPerQueue
            : Math.Max(64, Math.Min(ringSize * BlkifConstants.MaxSegmentsPerRequest, 4096));
        int perQueue = ringPages + dataPages;
        var grants = transport.CreateGrants(perQueue * queueCount);
        var queues = new List<FrontendQueueDriver>(queueCount);
        var channels = new List<IEventChannel>(queueCount);
        var published = new List<FrontendQueue>(queueCount);
        for (int q = 0; q < queueCount; q++)
        {
            int first = q * perQueue;
            var ring = FrontRing.Initialize(new SharedRing(grants.Pages(first, ringPages), order, options.Abi));
            var channel = transport.BindEventChannel(q, queueCount);
            channels.Add(channel);
            var refs = new uint[ringPages];
            for (int i = 0; i < ringPages; i++)
            {
                refs[i] = grants.GrantRef(first + i);
            }

            published.Add(new FrontendQueue(q, refs, channel.Port ?? (uint)(q + 1)));
            queues.Add(new FrontendQueueDriver(q, ring, channel, grants, first + ringPages, dataPages, options.SpinIterations));
        }

        handshake.Publish(new FrontendRings(options.Abi, options.WriteProtocol, order, published));
        var disk = handshake.WaitForConnected(options.HandshakeTimeout, cancellationToken);

        // Read the features again now: Linux blkback writes feature-flush-cache, feature-barrier and
        // feature-discard only when it connects (seen in the Xen lab), and Linux blkfront reads them
        // then too. The ring layout above used only what must be known before (order, queues).
        var connected = BackendFeatures.Read(transport.Store);
        return new FrontendDriver(handshake, connected, disk, order, options.Abi, queues, channels);
    }

    /// <summary>Goes Closing then Closed (the backend then stops serving the rings).</summary>
    public void Close()
    {
        if (_closed)
        {
            return;
        }

        _closed = true;
        _handshake.Close();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Close();
        foreach (var c in _channels)
        {
            c.Dispose();
        }
    }
}
