using BlkTrace.Protocol.Blkif;

namespace BlkTrace.Backend.Stores;

/// <summary>
/// A sparse disk image in memory: 4 KiB pages allocated on first write, absent pages read as
/// zeros. Not thread-safe; <see cref="MemoryBlockStore"/> guards its images with a lock, and
/// snapshots it hands out are private copies.
/// </summary>
public sealed class MemoryImage
{
    private const int PageSize = BlkifConstants.PageSize;
    private readonly Dictionary<ulong, byte[]> _pages;

    /// <summary>An empty (all-zero) image of <paramref name="sectors"/> sectors.</summary>
    public MemoryImage(ulong sectors)
    {
        Sectors = sectors;
        _pages = [];
    }

    private MemoryImage(ulong sectors, Dictionary<ulong, byte[]> pages)
    {
        Sectors = sectors;
        _pages = pages;
    }

    /// <summary>Size in 512-byte sectors.</summary>
    public ulong Sectors { get; }

    /// <summary>Pages that have been written (the rest are zeros).</summary>
    public int AllocatedPages => _pages.Count;

    /// <summary>Reads bytes at <paramref name="offset"/>.</summary>
    public void Read(ulong offset, Span<byte> destination)
    {
        StoreBounds.Check(offset, (ulong)destination.Length, Sectors);
        while (!destination.IsEmpty)
        {
            ulong page = offset / PageSize;
            int inPage = (int)(offset % PageSize);
            int n = Math.Min(destination.Length, PageSize - inPage);
            if (_pages.TryGetValue(page, out byte[]? data))
            {
                data.AsSpan(inPage, n).CopyTo(destination);
            }
            else
            {
                destination[..n].Clear();
            }

            destination = destination[n..];
            offset += (ulong)n;
        }
    }

    /// <summary>Writes bytes at <paramref name="offset"/>.</summary>
    public void Write(ulong offset, ReadOnlySpan<byte> source)
    {
        StoreBounds.Check(offset, (ulong)source.Length, Sectors);
        while (!source.IsEmpty)
        {
            ulong page = offset / PageSize;
            int inPage = (int)(offset % PageSize);
            int n = Math.Min(source.Length, PageSize - inPage);
            if (!_pages.TryGetValue(page, out byte[]? data))
            {
                data = new byte[PageSize];
                _pages[page] = data;
            }

            source[..n].CopyTo(data.AsSpan(inPage, n));
            source = source[n..];
            offset += (ulong)n;
        }
    }

    /// <summary>Zeroes a range, releasing whole pages.</summary>
    public void Zero(ulong offset, ulong length)
    {
        StoreBounds.Check(offset, length, Sectors);
        while (length > 0)
        {
            ulong page = offset / PageSize;
            int inPage = (int)(offset % PageSize);
            int n = (int)Math.Min(length, (ulong)(PageSize - inPage));
            if (n == PageSize)
            {
                _pages.Remove(page);
            }
            else if (_pages.TryGetValue(page, out byte[]? data))
            {
                data.AsSpan(inPage, n).Clear();
            }

            length -= (ulong)n;
            offset += (ulong)n;
        }
    }

    /// <summary>A deep copy.</summary>
    public MemoryImage Clone()
    {
        var pages = new Dictionary<ulong, byte[]>(_pages.Count);
        foreach (var (index, data) in _pages)
        {
            pages[index] = (byte[])data.Clone();
        }

        return new MemoryImage(Sectors, pages);
    }

    /// <summary>True when both images read the same everywhere.</summary>
    public bool ContentEquals(MemoryImage other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.Sectors != Sectors)
        {
            return false;
        }

        foreach (var (index, data) in _pages)
        {
            if (other._pages.TryGetValue(index, out byte[]? theirs) ? !data.AsSpan().SequenceEqual(theirs) : data.AsSpan().ContainsAnyExcept((byte)0))
            {
                return false;
            }
        }

        foreach (var (index, data) in other._pages)
        {
            if (!_pages.ContainsKey(index) && data.AsSpan().ContainsAnyExcept((byte)0))
            {
                return false;
            }
        }

        return true;
    }
}
