using BlkTrace.Protocol.Blkif;
using BlkTrace.Protocol.Transport;
using BlkTrace.Protocol.XenStore;

namespace BlkTrace.Protocol.Handshake;

/// <summary>
/// The frontend's half of the blkif handshake: wait for the backend's InitWait and read its
/// features; publish the rings and go Initialised; wait for Connected, read the disk and go
/// Connected; close with Closing then Closed.
/// </summary>
public sealed class FrontendHandshake
{
    private readonly IXenStore _store;

    /// <summary>Drives the handshake over <paramref name="store"/> (a frontend view).</summary>
    public FrontendHandshake(IXenStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        if (store.Side != XenStoreSide.Frontend)
        {
            throw new ArgumentException("the frontend handshake needs the frontend's view of the store", nameof(store));
        }

        _store = store;
    }

    /// <summary>How long a backend still Closed from an earlier connection gets to go back to InitWait.</summary>
    public static TimeSpan ReconnectGrace { get; } = TimeSpan.FromSeconds(15);

    /// <summary>The backend's state now.</summary>
    public XenbusState BackendState => XenStoreValues.ReadState(_store, Backend(XenStoreNodes.State));

    /// <summary>Goes Initialising, waits for the backend's InitWait (or later) and reads its features.</summary>
    public BackendFeatures WaitForBackend(TimeSpan timeout, CancellationToken cancellationToken)
    {
        XenStoreValues.WriteState(_store, Frontend(XenStoreNodes.State), XenbusState.Initialising);

        // A backend left Closed by an earlier frontend (Linux blkback, QEMU's qdisk, ours) goes back to
        // InitWait when it sees Initialising, a moment later: give it that moment before Closed means "gone".
        long graceEnd = Environment.TickCount64 + (long)Math.Min(timeout.TotalMilliseconds, ReconnectGrace.TotalMilliseconds);
        while (BackendState is XenbusState.Closing or XenbusState.Closed && Environment.TickCount64 < graceEnd)
        {
            cancellationToken.ThrowIfCancellationRequested();
            _store.WaitForChange(100);
        }

        var state = XenStoreValues.WaitForState(_store, Backend(XenStoreNodes.State), XenbusState.InitWait, timeout, cancellationToken);
        if (state == XenbusState.Connected)
        {
            // A backend left Connected by an earlier frontend: it must re-negotiate, as with a Xen reconnect.
            throw new TransportException($"{_store.Describe(Backend(XenStoreNodes.State))}: the backend is still Connected to an earlier frontend");
        }

        return BackendFeatures.Read(_store);
    }

    /// <summary>Publishes the rings (<c>ring-ref</c>s, <c>event-channel</c>, <c>protocol</c>, <c>ring-page-order</c>, queues) and goes Initialised.</summary>
    public void Publish(FrontendRings rings)
    {
        ArgumentNullException.ThrowIfNull(rings);
        int queueCount = rings.Queues.Count;
        if (queueCount > 1)
        {
            XenStoreValues.Write(_store, Frontend(XenStoreNodes.MultiQueueNumQueues), (ulong)queueCount);
        }

        if (rings.RingPageOrder > 0)
        {
            XenStoreValues.Write(_store, Frontend(XenStoreNodes.RingPageOrder), (ulong)rings.RingPageOrder);
        }

        foreach (var queue in rings.Queues)
        {
            string Q(string node) => XenStorePath.OfQueue(XenStoreSide.Frontend, queue.Index, queueCount, node);
            if (rings.RingPageOrder == 0)
            {
                XenStoreValues.Write(_store, Q(XenStoreNodes.RingRef), queue.RingRefs[0]);
            }
            else
            {
                for (int i = 0; i < queue.RingRefs.Count; i++)
                {
                    XenStoreValues.Write(_store, Q(XenStoreNodes.RingRefN(i)), queue.RingRefs[i]);
                }
            }

            XenStoreValues.Write(_store, Q(XenStoreNodes.EventChannel), queue.EventChannel);
        }

        if (rings.ProtocolGiven)
        {
            _store.Write(Frontend(XenStoreNodes.Protocol), BlkifAbiInfo.ProtocolName(rings.Abi));
        }

        XenStoreValues.WriteState(_store, Frontend(XenStoreNodes.State), XenbusState.Initialised);
    }

    /// <summary>Waits for the backend to be Connected, reads the disk, and goes Connected.</summary>
    public DiskGeometry WaitForConnected(TimeSpan timeout, CancellationToken cancellationToken)
    {
        XenStoreValues.WaitForState(_store, Backend(XenStoreNodes.State), XenbusState.Connected, timeout, cancellationToken);
        ulong sectors = XenStoreValues.ReadUInt64(_store, Backend(XenStoreNodes.Sectors))
            ?? throw new TransportException($"{_store.Describe(Backend(XenStoreNodes.Sectors))}: missing although the backend is Connected");
        uint info = XenStoreValues.ReadUInt32(_store, Backend(XenStoreNodes.Info)) ?? 0;
        uint sectorSize = XenStoreValues.ReadUInt32(_store, Backend(XenStoreNodes.SectorSize)) ?? BlkifConstants.SectorSize;
        if (sectorSize < BlkifConstants.SectorSize || sectorSize > BlkifConstants.PageSize || !uint.IsPow2(sectorSize))
        {
            throw new TransportException($"{_store.Describe(Backend(XenStoreNodes.SectorSize))}: {sectorSize} is not a power of two in 512..4096");
        }

        uint physical = XenStoreValues.ReadUInt32(_store, Backend(XenStoreNodes.PhysicalSectorSize)) ?? sectorSize;
        XenStoreValues.WriteState(_store, Frontend(XenStoreNodes.State), XenbusState.Connected);
        return new DiskGeometry(sectors, (VDiskInfo)info, (int)sectorSize, (int)physical);
    }

    /// <summary>Goes Closing, then Closed.</summary>
    public void Close()
    {
        XenStoreValues.WriteState(_store, Frontend(XenStoreNodes.State), XenbusState.Closing);
        XenStoreValues.WriteState(_store, Frontend(XenStoreNodes.State), XenbusState.Closed);
    }

    private static string Backend(string node) => XenStorePath.Of(XenStoreSide.Backend, node);

    private static string Frontend(string node) => XenStorePath.Of(XenStoreSide.Frontend, node);
}
