using System.Globalization;
using BlkTrace.Protocol.XenStore;

namespace BlkTrace.Protocol.Transport.Xen;

/// <summary>
/// The third transport: a backend in a real Xen dom0 serving a real guest's blkfront, through
/// xenstored (libxenstore), gntdev (libxengnttab) and evtchn (libxenevtchn). The libraries load only
/// when <see cref="Open"/> is called, so this type costs nothing on machines without Xen.
/// <para>
/// With no toolstack device behind it (an <c>xl</c> guest config without a <c>disk</c>), the backend
/// creates the device itself, in one transaction, the way a toolstack does: the backend directory
/// (owned by us, readable by the guest) and the frontend directory (owned by the guest, readable by
/// us), each with its permissions set before its children are written so they inherit them, the
/// <c>frontend</c>/<c>backend</c> links, ids, <c>virtual-device</c>, <c>device-type</c> and both states 1.
/// The guest's xenbus sees the new <c>device/vbd/&lt;dev&gt;</c> and probes blkfront.
/// </para>
/// </summary>
public sealed class XenBackendTransport : IBackendTransport
{
    /// <summary>Where Linux blkback shows up in sysfs when it is loaded.</summary>
    public const string KernelBlkbackDriver = "/sys/bus/xen-backend/drivers/vbd";

    private readonly XenStoreConnection _connection;
    private readonly XenDeviceStore _store;
    private XenGrantMapper? _grants;
    private long _pagesMappedBefore;
    private long _mapFailuresBefore;
    private long _pagesLeftInUse;

    private XenBackendTransport(XenStoreConnection connection, XenDevicePaths paths)
    {
        _connection = connection;
        Paths = paths;
        _store = new XenDeviceStore(connection, paths, XenStoreSide.Backend);
    }

    /// <summary>Where the device lives.</summary>
    public XenDevicePaths Paths { get; }

    /// <inheritdoc />
    public string Description => $"xen vbd {Paths.DeviceId.ToString(CultureInfo.InvariantCulture)} of domain {Paths.FrontendDomainId.ToString(CultureInfo.InvariantCulture)} ({Paths.BackendPath})";

    /// <inheritdoc />
    public IXenStore Store => _store;

    /// <summary>The grant mapper of the current connection (null between connections).</summary>
    public XenGrantMapper? Grants => _grants;

    /// <summary>gntdev maps over every connection so far.</summary>
    public long PagesMapped => _pagesMappedBefore + (_grants?.PagesMapped ?? 0);

    /// <summary>Grant references that could not be mapped, over every connection so far.</summary>
    public long MapFailures => _mapFailuresBefore + (_grants?.MapFailures ?? 0);

    /// <summary>Pages kept mapped as persistent grants by the current connection.</summary>
    public int PersistentPages => _grants?.PersistentPages ?? 0;

    /// <summary>
    /// Pages mapped and not released (a missing <see cref="IGrantMapper.ReleasePage"/>): those of the
    /// current connection plus those found when earlier connections ended. Should be 0.
    /// </summary>
    public long PagesInUse => _pagesLeftInUse + (_grants?.PagesInUse ?? 0);

    /// <summary>
    /// Connects to xenstored and, when <paramref name="createDevice"/>, (re)creates the device's nodes
    /// (any old ones at the same paths are removed first). Without it the nodes must exist already
    /// (a toolstack made them).
    /// </summary>
    public static XenBackendTransport Open(XenDevicePaths paths, bool createDevice = true)
    {
        ArgumentNullException.ThrowIfNull(paths);
        if (paths.BackendType == "vbd" && Directory.Exists(KernelBlkbackDriver))
        {
            throw new TransportException($"{KernelBlkbackDriver}: the kernel's xen-blkback is loaded and claims every backend/vbd device, this one too (rmmod xen-blkback, or use another backend type)");
        }

        var connection = XenStoreConnection.Open();
        try
        {
            if (createDevice)
            {
                CreateDevice(connection, paths);
            }
            else if (connection.Read(paths.BackendPath + "/frontend") is null)
            {
                throw new TransportException($"xenstore {paths.BackendPath}: no such device (create it with a toolstack, or let the backend create it)");
            }

            return new XenBackendTransport(connection, paths);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>Creates the device's backend and frontend nodes in one transaction (see the type's remarks).</summary>
    public static void CreateDevice(XenStoreConnection connection, XenDevicePaths paths)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(paths);
        string be = paths.BackendPath, fe = paths.FrontendPath;
        string feId = paths.FrontendDomainId.ToString(CultureInfo.InvariantCulture);
        string beId = paths.BackendDomainId.ToString(CultureInfo.InvariantCulture);
        XenStorePermission[] backendPerms = [new(paths.BackendDomainId, XenStoreAccess.None), new(paths.FrontendDomainId, XenStoreAccess.Read)];
        XenStorePermission[] frontendPerms = [new(paths.FrontendDomainId, XenStoreAccess.None), new(paths.BackendDomainId, XenStoreAccess.Read)];
        connection.RunTransaction(t =>
        {
            connection.Remove(be, t);
            connection.Remove(fe, t);
            connection.MakeDirectory(be, t);
            connection.SetPermissions(be, backendPerms, t);
            connection.MakeDirectory(fe, t);
            connection.SetPermissions(fe, frontendPerms, t);
            connection.Write(be + "/frontend", fe, t);
            connection.Write(be + "/frontend-id", feId, t);
            connection.Write(be + "/online", "1", t);
            connection.Write(be + "/" + XenStoreNodes.State, "1", t);
            connection.Write(fe + "/backend", be, t);
            connection.Write(fe + "/backend-id", beId, t);
            connection.Write(fe + "/virtual-device", paths.DeviceId.ToString(CultureInfo.InvariantCulture), t);
            connection.Write(fe + "/device-type", "disk", t);
            connection.Write(fe + "/" + XenStoreNodes.State, "1", t);
        });
    }

    /// <summary>
    /// Maps the frontend's grants. Persistent grants are on when both ends wrote
    /// <c>feature-persistent</c> = 1 (call after the frontend is Initialised).
    /// </summary>
    public IGrantMapper MapGrants()
    {
        bool persistent = XenStoreValues.ReadFlag(_store, XenStorePath.Of(XenStoreSide.Backend, XenStoreNodes.FeaturePersistent))
            && XenStoreValues.ReadFlag(_store, XenStorePath.Of(XenStoreSide.Frontend, XenStoreNodes.FeaturePersistent));
        if (_grants is not null)
        {
            ReleaseGrants(_grants);
        }

        _grants = new XenGrantMapper(Paths.FrontendDomainId, persistent);
        return _grants;
    }

    /// <summary>
    /// Unmaps the ended connection's ring and pages and closes its gntdev handle (counters are kept):
    /// the next <see cref="MapGrants"/> starts from nothing mapped, whatever the last frontend left.
    /// </summary>
    public void ReleaseGrants(IGrantMapper grants)
    {
        if (grants is not XenGrantMapper mapper || !ReferenceEquals(mapper, _grants))
        {
            return;
        }

        _pagesMappedBefore += mapper.PagesMapped;
        _mapFailuresBefore += mapper.MapFailures;
        _pagesLeftInUse += mapper.PagesInUse;
        _grants = null;
        mapper.Dispose();
    }

    /// <inheritdoc />
    public IEventChannel BindEventChannel(int queue, int queueCount)
    {
        string node = XenStorePath.OfQueue(XenStoreSide.Frontend, queue, queueCount, XenStoreNodes.EventChannel);
        return new XenEventChannel(Paths.FrontendDomainId, () => XenStoreValues.ReadUInt32(_store, node));
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_grants is not null)
        {
            ReleaseGrants(_grants);
        }

        _store.Dispose();
        _connection.Dispose();
    }
}
