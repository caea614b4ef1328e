using BlkTrace.Protocol.Blkif;
using BlkTrace.Protocol.Handshake;
using BlkTrace.Protocol.Ring;
using BlkTrace.Protocol.Transport;
using BlkTrace.Protocol.XenStore;

namespace BlkTrace.Protocol.Diagnostics;

/// <summary>The handshake for one echo ring, done the way any backend and frontend do it.</summary>
public static class RingEchoSetup
{
    /// <summary>
    /// Backend side: binds the event channel, announces a minimal feature set, waits for the frontend,
    /// maps its ring and goes Connected with a disk of <paramref name="sectors"/>.
    /// </summary>
    public static (BackRing Ring, IEventChannel Channel) AcceptFrontend(IBackendTransport transport, ulong sectors, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(transport);
        var channel = transport.BindEventChannel(0, 1);
        var handshake = new BackendHandshake(transport.Store);
        handshake.Announce(new Dictionary<string, string>
        {
            [XenStoreNodes.MaxRingPageOrder] = RingMath.MaxPageOrder.ToString(System.Globalization.CultureInfo.InvariantCulture),
            [XenStoreNodes.FeatureFlushCache] = "1",
        });
        var rings = handshake.WaitForFrontend(1, RingMath.MaxPageOrder, BlkifAbi.X86_64, timeout, cancellationToken);
        var grants = transport.MapGrants();
        var shared = handshake.MapRing(grants, rings, rings.Queues[0]);
        handshake.Connect(new DiskGeometry(sectors, VDiskInfo.None, BlkifConstants.SectorSize, BlkifConstants.SectorSize));
        return (new BackRing(shared), channel);
    }

    /// <summary>
    /// Frontend side: waits for the backend, grants a ring of <paramref name="pageOrder"/>, binds the
    /// event channel, publishes the ring and waits for Connected.
    /// </summary>
    public static (FrontRing Ring, IEventChannel Channel) ConnectToBackend(IFrontendTransport transport, int pageOrder, BlkifAbi abi, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(transport);
        var handshake = new FrontendHandshake(transport.Store);
        var features = handshake.WaitForBackend(timeout, cancellationToken);
        if (pageOrder > features.MaxRingPageOrder)
        {
            throw new TransportException($"{transport.Description}: the backend allows ring-page-order up to {features.MaxRingPageOrder}, {pageOrder} was asked");
        }

        int pages = 1 << pageOrder;
        var grants = transport.CreateGrants(pages);
        var front = FrontRing.Initialize(new SharedRing(grants.Pages(0, pages), pageOrder, abi));
        var channel = transport.BindEventChannel(0, 1);
        var refs = new uint[pages];
        for (int i = 0; i < pages; i++)
        {
            refs[i] = grants.GrantRef(i);
        }

        handshake.Publish(new FrontendRings(abi, true, pageOrder, [new FrontendQueue(0, refs, 1)]));
        handshake.WaitForConnected(timeout, cancellationToken);
        return (front, channel);
    }
}
