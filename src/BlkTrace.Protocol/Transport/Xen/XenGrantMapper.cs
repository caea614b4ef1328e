using BlkTrace.Protocol.Blkif;

namespace BlkTrace.Protocol.Transport.Xen;

/// <summary>
/// The frontend's grants mapped through gntdev (libxengnttab). With persistent grants negotiated
/// (both ends wrote <c>feature-persistent</c> = 1) a page, once mapped, stays mapped until the device
/// closes, as Linux blkback does, and the frontend keeps reusing it; without them every page is
/// unmapped at <see cref="ReleaseMappings"/>, before its response, because the frontend ends the grant
/// then. A grant reference the guest never granted maps to nothing (an empty span and a counter).
/// Not thread-safe: one backend thread drives it.
/// </summary>
public sealed unsafe class XenGrantMapper : IGrantMapper, IDisposable
{
    /// <summary>Persistent mappings kept at most (blkback keeps 1056 per ring by default).</summary>
    public const int MaxPersistentPages = 4096;

    /// <summary>Pages one request can map at most: 8 indirect pages of 512 segments, and slack.</summary>
    public const int MaxTransientPages = 4096 + 64;

    private readonly nint _handle;
    private readonly uint _domain;
    private readonly Dictionary<uint, nint> _persistent;
    private readonly nint[] _transient = new nint[MaxTransientPages];
    private readonly List<(nint Address, int Pages)> _rings = [];
    private int _transientCount;
    private bool _disposed;

    /// <summary>Opens gntdev for grants of <paramref name="frontendDomain"/>.</summary>
    public XenGrantMapper(uint frontendDomain, bool persistentGrants)
    {
        XenNative.EnsureLoaded();
        _handle = XenNative.GntOpen(0, 0);
        if (_handle == 0)
        {
            throw new TransportException($"/dev/xen/gntdev: cannot open: {XenNative.LastError()} (load the xen-gntdev module)");
        }

        _domain = frontendDomain;
        PersistentGrants = persistentGrants;
        _persistent = new Dictionary<uint, nint>(persistentGrants ? MaxPersistentPages : 0);
    }

    /// <summary>True when pages stay mapped between requests.</summary>
    public bool PersistentGrants { get; }

    /// <summary>Pages mapped so far (each gntdev map counts once).</summary>
    public long PagesMapped { get; private set; }

    /// <summary>Grant references that could not be mapped (not granted, or granted read-only).</summary>
    public long MapFailures { get; private set; }

    /// <summary>Pages kept mapped as persistent grants now.</summary>
    public int PersistentPages => _persistent.Count;

    /// <inheritdoc />
    public Span<byte> MapPage(uint grantRef)
    {
        if (_persistent.TryGetValue(grantRef, out nint kept))
        {
            return new Span<byte>((void*)kept, BlkifConstants.PageSize);
        }

        if (_transientCount == _transient.Length)
        {
            MapFailures++;
            return default;
        }

        // Read-write: the mapper does not know the operation, and Linux blkfront grants every data
        // page writable. A read-only grant fails here and becomes an ERROR response upstream.
        void* page = XenNative.GntMapGrantRef(_handle, _domain, grantRef, XenNative.ProtReadWrite);
        if (page == null)
        {
            MapFailures++;
            return default;
        }

        PagesMapped++;
        if (PersistentGrants && _persistent.Count < MaxPersistentPages)
        {
            _persistent[grantRef] = (nint)page;
        }
        else
        {
            _transient[_transientCount++] = (nint)page;
        }

        return new Span<byte>(page, BlkifConstants.PageSize);
    }

    /// <inheritdoc />
    public bool TryMapRing(ReadOnlySpan<uint> grantRefs, out MemoryRegion region, out string? problem)
    {
        region = default;
        if (grantRefs.IsEmpty)
        {
            problem = "no ring-ref";
            return false;
        }

        void* ring;
        fixed (uint* refs = grantRefs)
        {
            ring = XenNative.GntMapDomainGrantRefs(_handle, (uint)grantRefs.Length, _domain, refs, XenNative.ProtReadWrite);
        }

        if (ring == null)
        {
            problem = $"cannot map {grantRefs.Length} ring page(s) granted by domain {_domain}: {XenNative.LastError()}";
            return false;
        }

        _rings.Add(((nint)ring, grantRefs.Length));
        region = new MemoryRegion((nint)ring, grantRefs.Length * BlkifConstants.PageSize);
        problem = null;
        return true;
    }

    /// <inheritdoc />
    public void ReleaseMappings()
    {
        for (int i = 0; i < _transientCount; i++)
        {
            _ = XenNative.GntUnmap(_handle, (void*)_transient[i], 1);
        }

        _transientCount = 0;
    }

    /// <summary>Unmaps everything, rings included, and closes gntdev.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        ReleaseMappings();
        foreach (nint page in _persistent.Values)
        {
            _ = XenNative.GntUnmap(_handle, (void*)page, 1);
        }

        _persistent.Clear();
        foreach (var (address, pages) in _rings)
        {
            _ = XenNative.GntUnmap(_handle, (void*)address, (uint)pages);
        }

        _rings.Clear();
        _ = XenNative.GntClose(_handle);
    }
}
