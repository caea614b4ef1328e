using BlkTrace.Protocol.Transport;

namespace BlkTrace.Tests.Backend;

/// <summary>
/// A grant mapper that counts, per reference, pages mapped and not yet released, as real Xen
/// without persistent grants must see them: every <see cref="MapPage"/> that returned a page is
/// matched by exactly one <see cref="ReleasePage"/> before the response. A release with nothing
/// mapped is a double release and is counted, not ignored.
/// </summary>
public sealed class CountingGrantMapper(IGrantMapper inner) : IGrantMapper
{
    private readonly Dictionary<uint, int> _mapped = [];
    private readonly Lock _lock = new();

    public long Maps { get; private set; }

    public long Releases { get; private set; }

    public long FailedMaps { get; private set; }

    public long DoubleReleases { get; private set; }

    /// <summary>Pages mapped now and not released.</summary>
    public int Outstanding
    {
        get
        {
            lock (_lock)
            {
                return _mapped.Values.Sum();
            }
        }
    }

    public Span<byte> MapPage(uint grantRef)
    {
        var page = inner.MapPage(grantRef);
        lock (_lock)
        {
            if (page.IsEmpty)
            {
                FailedMaps++;
            }
            else
            {
                Maps++;
                _mapped[grantRef] = _mapped.GetValueOrDefault(grantRef) + 1;
            }
        }

        return page;
    }

    public void ReleasePage(uint grantRef)
    {
        lock (_lock)
        {
            if (_mapped.GetValueOrDefault(grantRef) == 0)
            {
                DoubleReleases++;
                return;
            }

            Releases++;
            if (--_mapped[grantRef] == 0)
            {
                _mapped.Remove(grantRef);
            }
        }

        inner.ReleasePage(grantRef);
    }

    public bool TryMapRing(ReadOnlySpan<uint> grantRefs, out MemoryRegion region, out string? problem) =>
        inner.TryMapRing(grantRefs, out region, out problem);
}
