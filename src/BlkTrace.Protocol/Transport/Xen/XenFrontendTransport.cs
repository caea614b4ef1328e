using System.Globalization;
using BlkTrace.Protocol.XenStore;

namespace BlkTrace.Protocol.Transport.Xen;

/// <summary>
/// The frontend's side of the Xen transport, from userspace inside a Linux PV guest: the device's
/// xenstore nodes through <c>/dev/xen/xenbus</c> (libxenstore), pages granted to the backend's domain
/// through <c>/dev/xen/gntalloc</c>, and unbound event-channel ports through <c>/dev/xen/evtchn</c>. The
/// toolstack creates the disk and its backend (blkback, qdisk, or ours) as usual; in this guest the
/// kernel's <c>xen-blkfront</c> must not be loaded, or it claims the device first. Then
/// <c>FrontendDriver.Connect</c> plays blkfront's part.
/// </summary>
public sealed class XenFrontendTransport : IFrontendTransport
{
    /// <summary>Where Linux blkfront shows up in sysfs when it is loaded.</summary>
    public const string KernelBlkfrontDriver = "/sys/bus/xen/drivers/vbd";

    private readonly XenStoreConnection _connection;
    private readonly XenDeviceStore _store;
    private readonly List<IDisposable> _owned = [];

    private XenFrontendTransport(XenStoreConnection connection, XenDevicePaths paths)
    {
        _connection = connection;
        Paths = paths;
        _store = new XenDeviceStore(connection, paths, XenStoreSide.Frontend);
    }

    /// <summary>Where the device lives.</summary>
    public XenDevicePaths Paths { get; }

    /// <inheritdoc />
    public string Description => $"xen vbd {Paths.DeviceId.ToString(CultureInfo.InvariantCulture)} of this guest (domain {Paths.FrontendDomainId.ToString(CultureInfo.InvariantCulture)}), backend {Paths.BackendPath}";

    /// <inheritdoc />
    public IXenStore Store => _store;

    /// <summary>
    /// Connects to xenstore from the guest and finds device <paramref name="deviceId"/> (51712 is
    /// xvda), which the toolstack created: this guest's domain id (<c>domid</c>), the device's
    /// <c>backend</c> and <c>backend-id</c>.
    /// </summary>
    public static XenFrontendTransport Open(uint deviceId = 51712)
    {
        if (Directory.Exists(KernelBlkfrontDriver))
        {
            throw new TransportException($"{KernelBlkfrontDriver}: the kernel's xen-blkfront is loaded and claims every vbd device, this one too (do not load xen-blkfront in this guest)");
        }

        var connection = XenStoreConnection.Open();
        try
        {
            string domid = connection.Read("domid")
                ?? throw new TransportException("xenstore domid: cannot be read (is this a Xen guest?)");
            var paths = FromNodes(uint.Parse(domid, CultureInfo.InvariantCulture), deviceId, p => connection.Read(p));
            return new XenFrontendTransport(connection, paths);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The device's paths from its frontend nodes (<c>backend</c>, <c>backend-id</c>) as a toolstack
    /// wrote them, read through <paramref name="read"/> (absolute paths). The backend path must have
    /// the usual shape, <c>/local/domain/&lt;backend&gt;/backend/&lt;type&gt;/&lt;domid&gt;/&lt;dev&gt;</c>.
    /// </summary>
    public static XenDevicePaths FromNodes(uint domainId, uint deviceId, Func<string, string?> read)
    {
        ArgumentNullException.ThrowIfNull(read);
        string frontend = new XenDevicePaths(domainId, deviceId).FrontendPath;
        string backend = read(frontend + "/backend")
            ?? throw new TransportException($"xenstore {frontend}/backend: no such node (is there a disk with vdev {deviceId.ToString(CultureInfo.InvariantCulture)} in the guest's config?)");
        string[] parts = backend.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != 7 || parts[0] != "local" || parts[1] != "domain" || parts[3] != "backend"
            || !uint.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out uint backendDomain)
            || parts[5] != domainId.ToString(CultureInfo.InvariantCulture) || parts[6] != deviceId.ToString(CultureInfo.InvariantCulture))
        {
            throw new TransportException($"xenstore {frontend}/backend = '{backend}': not /local/domain/<id>/backend/<type>/{domainId.ToString(CultureInfo.InvariantCulture)}/{deviceId.ToString(CultureInfo.InvariantCulture)}");
        }

        if (read(frontend + "/backend-id") is { } id && id != parts[2])
        {
            throw new TransportException($"xenstore {frontend}/backend-id = '{id}' does not match backend '{backend}'");
        }

        return new XenDevicePaths(domainId, deviceId, backendDomain, parts[4]);
    }

    /// <inheritdoc />
    public IGrantTable CreateGrants(int pageCount)
    {
        var grants = XenGrantAllocation.Allocate(Paths.BackendDomainId, pageCount);
        _owned.Add(grants);
        return grants;
    }

    /// <inheritdoc />
    public IEventChannel BindEventChannel(int queue, int queueCount)
    {
        var channel = new XenUnboundEventChannel(Paths.BackendDomainId);
        _owned.Add(channel);
        return channel;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var o in _owned)
        {
            o.Dispose();
        }

        _owned.Clear();
        _store.Dispose();
        _connection.Dispose();
    }
}
