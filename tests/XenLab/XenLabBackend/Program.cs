using System.Globalization;
using BlkTrace.Protocol.Blkif;
using BlkTrace.Protocol.Handshake;
using BlkTrace.Protocol.Ring;
using BlkTrace.Protocol.Transport;
using BlkTrace.Protocol.Transport.Xen;
using BlkTrace.Protocol.XenStore;
using XenLabBackend;

// The lab's own backend on the Xen transport. Runs in dom0 after `xl create -p`:
//   XenLabBackend --domid 1 --dev 51712 --image /tmp/disk.img --features flush --requests /results/requests.csv
if (args is ["--selftest"])
{
    try
    {
        return SelfTest.Run();
    }
    catch (TransportException e)
    {
        Console.Error.WriteLine($"selftest: {e.Message}");
        return 1;
    }
}

LabOptions options;
try
{
    options = LabOptions.Parse(args);
}
catch (Exception e) when (e is ArgumentException or FormatException or OverflowException)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}

using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(options.Seconds));
try
{
    using var image = new FileStream(options.Image, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite, bufferSize: 0);
    using var transport = XenBackendTransport.Open(new XenDevicePaths(options.DomainId, options.DeviceId));
    using var channel = transport.BindEventChannel(0, 1);
    var handshake = new BackendHandshake(transport.Store);
    var features = new Dictionary<string, string>
    {
        [XenStoreNodes.FeatureFlushCache] = options.AdvertiseFlush ? "1" : "0",
        [XenStoreNodes.FeatureBarrier] = options.AdvertiseBarrier ? "1" : "0",
        [XenStoreNodes.FeaturePersistent] = options.Persistent ? "1" : "0",
        [XenStoreNodes.MaxRingPageOrder] = "4",
    };
    handshake.Announce(features);
    Console.WriteLine($"lab-backend: {transport.Description}: InitWait, advertising {string.Join(' ', features.Select(f => f.Key + "=" + f.Value))}, answering flushes {options.FlushStatus}");

    var rings = handshake.WaitForFrontend(1, 4, BlkifAbi.X86_64, TimeSpan.FromSeconds(options.Seconds), cts.Token);
    var queue = rings.Queues[0];
    Console.WriteLine($"lab-backend: frontend Initialised: ring-ref {string.Join(',', queue.RingRefs)} order {rings.RingPageOrder} event-channel {queue.EventChannel} protocol {(rings.ProtocolGiven ? rings.Abi : "(none)")} feature-persistent {transport.Store.Read("frontend/feature-persistent") ?? "(none)"}");
    // Bind before going Connected, so a channel that cannot be bound fails before the guest relies on it.
    ((XenEventChannel)channel).EnsureBound();
    var grants = transport.MapGrants();
    var ring = new BackRing(handshake.MapRing(grants, rings, queue));
    long sectors = image.Length / BlkifConstants.SectorSize;
    handshake.Connect(new DiskGeometry((ulong)sectors, VDiskInfo.None, BlkifConstants.SectorSize, BlkifConstants.SectorSize));
    Console.WriteLine($"lab-backend: Connected: {sectors} sectors, ring size {ring.Size}, persistent grants {transport.Grants!.PersistentGrants}");

    using var log = new RequestLog(options.RequestLog);
    var server = new LabServer(ring, grants, channel, image, options, log);
    server.Run(() => cts.IsCancellationRequested || handshake.FrontendState is XenbusState.Closing or XenbusState.Closed);
    var frontend = handshake.FrontendState;
    handshake.Close();
    log.Flush();
    var g = transport.Grants!;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"lab-backend: done (frontend {frontend}): reads={server.Reads} writes={server.Writes} flushes={server.Flushes} barriers={server.Barriers} unsupported={server.Unsupported} errors={server.Errors} pages-mapped={g.PagesMapped} map-failures={g.MapFailures} persistent-pages={g.PersistentPages} pages-in-use={g.PagesInUse} notifications sent={channel.NotificationsSent} received={channel.NotificationsReceived}"));
    return 0;
}
catch (Exception e) when (e is TransportException or IOException or OperationCanceledException)
{
    Console.Error.WriteLine($"lab-backend: {e.Message}");
    return 1;
}
