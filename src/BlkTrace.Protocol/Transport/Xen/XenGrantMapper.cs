using System.Runtime.InteropServices;
using BlkTrace.Protocol.Blkif;

namespace BlkTrace.Protocol.Transport.Xen;

/// <summary>
/// The frontend's grants mapped through gntdev (libxengnttab). A page is mapped once per grant
/// reference and counted: with persistent grants negotiated (both ends wrote
/// <c>feature-persistent</c> = 1) it then stays mapped until the device closes, as Linux blkback does,
/// and the frontend keeps reusing it; without them it is unmapped when its last user calls
/// <see cref="ReleasePage"/>, before the response, because the frontend ends the grant then. A
/// reference the guest never granted maps to nothing (an empty span and a counter).
/// Thread-safe: a backend's I/O threads may map and release concurrently (one lock; the map
/// itself is a syscall, so the lock is not what costs).
/// </summary>
public sealed unsafe class XenGrantMapper : IGrantMapper, IDisposable
{
    /// <summary>Persistent mappings kept at most (blkback keeps 1056 per ring by default); later ones are unmapped after use.</summary>
    public const int MaxPersistentPages = 4096;

    private readonly nint _handle;
    private readonly uint _domain;
    private readonly Dictionary<uint, Mapping> _pages = new(256);
    private readonly List<(nint Address, int Pages)> _rings = [];
    private readonly Lock _lock = new();
    private int _persistentCount;
    private long _pagesMapped;
    private long _mapFailures;
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
    }

    /// <summary>True when pages stay mapped between requests.</summary>
    public bool PersistentGrants { get; }

    /// <summary>gntdev maps done so far (a page kept mapped counts once).</summary>
    public long PagesMapped => Interlocked.Read(ref _pagesMapped);

    /// <summary>Grant references that could not be mapped (not granted, or granted read-only).</summary>
    public long MapFailures => Interlocked.Read(ref _mapFailures);

    /// <summary>Pages kept mapped as persistent grants now.</summary>
    public int PersistentPages
    {
        get
        {
            lock (_lock)
            {
                return _persistentCount;
            }
        }
    }

    /// <summary>Pages mapped now and in use (not persistent), for leak checks.</summary>
    public int PagesInUse
    {
        get
        {
            lock (_lock)
            {
                return _pages.Count - _persistentCount;
            }
        }
    }

    /// <inheritdoc />
    public Span<byte> MapPage(uint grantRef)
    {
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            ref var m = ref CollectionsMarshal.GetValueRefOrAddDefault(_pages, grantRef, out bool exists);
            if (!exists)
            {
                // Read-write: the mapper does not know the operation, and Linux blkfront grants every
                // data page writable. A read-only grant fails here and becomes an ERROR response upstream.
                void* page = XenNative.GntMapGrantRef(_handle, _domain, grantRef, XenNative.ProtReadWrite);
                if (page == null)
                {
                    _pages.Remove(grantRef);
                    _mapFailures++;
                    return default;
                }

                _pagesMapped++;
                m.Address = (nint)page;
                m.Persistent = PersistentGrants && _persistentCount < MaxPersistentPages;
                if (m.Persistent)
                {
                    _persistentCount++;
                }
            }

            m.Users++;
            return new Span<byte>((void*)m.Address, BlkifConstants.PageSize);
        }
    }

    /// <inheritdoc />
    public void ReleasePage(uint grantRef)
    {
        lock (_lock)
        {
            ref var m = ref CollectionsMarshal.GetValueRefOrNullRef(_pages, grantRef);
            if (System.Runtime.CompilerServices.Unsafe.IsNullRef(ref m) || m.Users == 0)
            {
                return;
            }

            if (--m.Users == 0 && !m.Persistent)
            {
                _ = XenNative.GntUnmap(_handle, (void*)m.Address, 1);
                _pages.Remove(grantRef);
            }
        }
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

        lock (_lock)
        {
            _rings.Add(((nint)ring, grantRefs.Length));
        }

        region = new MemoryRegion((nint)ring, grantRefs.Length * BlkifConstants.PageSize);
        problem = null;
        return true;
    }

    /// <summary>Unmaps everything, rings included, and closes gntdev.</summary>
    public void Dispose()
    {
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            foreach (var m in _pages.Values)
            {
                _ = XenNative.GntUnmap(_handle, (void*)m.Address, 1);
            }

            _pages.Clear();
            foreach (var (address, pages) in _rings)
            {
                _ = XenNative.GntUnmap(_handle, (void*)address, (uint)pages);
            }

            _rings.Clear();
            _ = XenNative.GntClose(_handle);
        }
    }

    private struct Mapping
    {
        public nint Address;
        public int Users;
        public bool Persistent;
    }
}
