using BlkTrace.Protocol.Blkif;

namespace BlkTrace.Protocol.Transport;

/// <summary>
/// Granted pages that sit in one contiguous block, where grant reference <c>g</c> is page <c>g</c>
/// (the vbd directory's <c>grants</c> file, or pinned memory in-process). It serves as the frontend's
/// grant table and as the backend's mapper. The block is owned by whoever created this object.
/// </summary>
public sealed class GrantPages : IGrantTable, IGrantMapper
{
    private readonly MemoryRegion _region;
    private readonly string _name;

    /// <summary>Views <paramref name="region"/> (a whole number of pages) as granted pages.</summary>
    public GrantPages(MemoryRegion region, string name)
    {
        if (region.Length % BlkifConstants.PageSize != 0)
        {
            ThrowHelper.ThrowArgument(nameof(region), "grant memory must be a whole number of 4096-byte pages");
        }

        _region = region;
        _name = name;
        PageCount = region.Length / BlkifConstants.PageSize;
    }

    /// <inheritdoc />
    public int PageCount { get; }

    /// <inheritdoc />
    public uint GrantRef(int page)
    {
        if ((uint)page >= (uint)PageCount)
        {
            ThrowHelper.ThrowArgumentOutOfRange(nameof(page), "no such page");
        }

        return (uint)page;
    }

    /// <inheritdoc />
    public Span<byte> Page(int page)
    {
        if ((uint)page >= (uint)PageCount)
        {
            ThrowHelper.ThrowArgumentOutOfRange(nameof(page), "no such page");
        }

        return _region.Span.Slice(page * BlkifConstants.PageSize, BlkifConstants.PageSize);
    }

    /// <inheritdoc />
    public MemoryRegion Pages(int firstPage, int count)
    {
        if (firstPage < 0 || count < 0 || firstPage > PageCount - count)
        {
            ThrowHelper.ThrowArgumentOutOfRange(nameof(firstPage), "pages outside the grant table");
        }

        return _region.Slice(firstPage * BlkifConstants.PageSize, count * BlkifConstants.PageSize);
    }

    /// <inheritdoc />
    public Span<byte> MapPage(uint grantRef) =>
        grantRef < (uint)PageCount
            ? _region.Span.Slice((int)grantRef * BlkifConstants.PageSize, BlkifConstants.PageSize)
            : default;

    /// <inheritdoc />
    public bool TryMapRing(ReadOnlySpan<uint> grantRefs, out MemoryRegion region, out string? problem)
    {
        region = default;
        if (grantRefs.IsEmpty)
        {
            problem = "no ring-ref";
            return false;
        }

        for (int i = 0; i < grantRefs.Length; i++)
        {
            if (grantRefs[i] >= (uint)PageCount)
            {
                problem = $"ring-ref{(grantRefs.Length > 1 ? i.ToString(System.Globalization.CultureInfo.InvariantCulture) : string.Empty)} = {grantRefs[i]} is past the end of {_name} ({PageCount} pages)";
                return false;
            }

            if (i > 0 && grantRefs[i] != grantRefs[i - 1] + 1)
            {
                problem = $"ring-ref{i} = {grantRefs[i]} does not follow ring-ref{i - 1} = {grantRefs[i - 1]}: ring pages must be consecutive grant references in {_name}";
                return false;
            }
        }

        problem = null;
        region = Pages((int)grantRefs[0], grantRefs.Length);
        return true;
    }
}
