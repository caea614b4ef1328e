using System.Globalization;
using System.Runtime.InteropServices;
using BlkTrace.Protocol.Blkif;

namespace BlkTrace.Protocol.Transport.Xen;

/// <summary>
/// A frontend's granted pages in a real guest: <paramref name="pageCount"/> pages allocated and granted
/// to the backend's domain in one <c>IOCTL_GNTALLOC_ALLOC_GREF</c> on <c>/dev/xen/gntalloc</c>, then
/// mapped into this process as one contiguous block (so a multi-page ring is consecutive memory, as
/// <see cref="IGrantTable.Pages"/> promises). Grant references are whatever Xen handed out, in page
/// order. The kernel caps all gntalloc grants together (its <c>limit</c> parameter, 1024 by default).
/// </summary>
public sealed unsafe class XenGrantAllocation : IGrantTable, IDisposable
{
    private readonly int _fd;
    private readonly uint[] _refs;
    private readonly ulong _index;
    private void* _memory;

    private XenGrantAllocation(int fd, uint[] refs, ulong index, void* memory)
    {
        _fd = fd;
        _refs = refs;
        _index = index;
        _memory = memory;
    }

    /// <inheritdoc />
    public int PageCount => _refs.Length;

    /// <summary>Allocates and grants <paramref name="pageCount"/> zeroed pages, writable by <paramref name="peerDomain"/>.</summary>
    public static XenGrantAllocation Allocate(uint peerDomain, int pageCount)
    {
        if (pageCount <= 0 || pageCount > 65_536)
        {
            ThrowHelper.ThrowArgumentOutOfRange(nameof(pageCount), "between 1 and 65536 pages");
        }

        int fd = XenIoctl.OpenDevice("/dev/xen/gntalloc", "xen-gntalloc");
        try
        {
            // The header, then room for every id the kernel writes after it.
            int bytes = 16 + (sizeof(uint) * pageCount);
            byte* arg = (byte*)NativeMemory.AllocZeroed((nuint)bytes);
            try
            {
                var header = (XenIoctl.GntallocAllocGref*)arg;
                header->Domid = checked((ushort)peerDomain);
                header->Flags = XenIoctl.GntallocFlagWritable;
                header->Count = (uint)pageCount;
                if (XenIoctl.Ioctl(fd, XenIoctl.IoctlGntallocAllocGref, arg) < 0)
                {
                    throw new TransportException($"/dev/xen/gntalloc: cannot grant {pageCount.ToString(CultureInfo.InvariantCulture)} page(s) to domain {peerDomain.ToString(CultureInfo.InvariantCulture)}: {XenIoctl.LastError()} (the module's limit parameter caps grants)");
                }

                var refs = new ReadOnlySpan<uint>(arg + 16, pageCount).ToArray();
                ulong index = header->Index;
                nuint length = (nuint)pageCount * BlkifConstants.PageSize;
                void* memory = XenIoctl.Mmap(null, length, XenNative.ProtReadWrite, XenIoctl.MapShared, fd, (long)index);
                if (memory == (void*)-1)
                {
                    string error = XenIoctl.LastError();
                    var dealloc = new XenIoctl.GntallocDeallocGref { Index = index, Count = (uint)pageCount };
                    _ = XenIoctl.Ioctl(fd, XenIoctl.IoctlGntallocDeallocGref, &dealloc);
                    throw new TransportException($"/dev/xen/gntalloc: cannot map {pageCount.ToString(CultureInfo.InvariantCulture)} granted page(s): {error}");
                }

                NativeMemory.Clear(memory, length);
                return new XenGrantAllocation(fd, refs, index, memory);
            }
            finally
            {
                NativeMemory.Free(arg);
            }
        }
        catch
        {
            _ = XenIoctl.Close(fd);
            throw;
        }
    }

    /// <inheritdoc />
    public uint GrantRef(int page)
    {
        if ((uint)page >= (uint)_refs.Length)
        {
            ThrowHelper.ThrowArgumentOutOfRange(nameof(page), "no such page");
        }

        return _refs[page];
    }

    /// <inheritdoc />
    public Span<byte> Page(int page)
    {
        if ((uint)page >= (uint)_refs.Length)
        {
            ThrowHelper.ThrowArgumentOutOfRange(nameof(page), "no such page");
        }

        ObjectDisposedException.ThrowIf(_memory == null, this);
        return new Span<byte>((byte*)_memory + ((nint)page * BlkifConstants.PageSize), BlkifConstants.PageSize);
    }

    /// <inheritdoc />
    public MemoryRegion Pages(int firstPage, int count)
    {
        if (firstPage < 0 || count < 0 || firstPage > _refs.Length - count)
        {
            ThrowHelper.ThrowArgumentOutOfRange(nameof(firstPage), "pages outside the grant table");
        }

        ObjectDisposedException.ThrowIf(_memory == null, this);
        return new MemoryRegion((nint)_memory + ((nint)firstPage * BlkifConstants.PageSize), count * BlkifConstants.PageSize);
    }

    /// <summary>
    /// Unmaps and ends the grants. A page the backend still has mapped is freed by the kernel only when
    /// the backend lets go (gntalloc defers it), so this is safe after the handshake closed.
    /// </summary>
    public void Dispose()
    {
        if (_memory == null)
        {
            return;
        }

        _ = XenIoctl.Munmap(_memory, (nuint)_refs.Length * BlkifConstants.PageSize);
        _memory = null;
        var dealloc = new XenIoctl.GntallocDeallocGref { Index = _index, Count = (uint)_refs.Length };
        _ = XenIoctl.Ioctl(_fd, XenIoctl.IoctlGntallocDeallocGref, &dealloc);
        _ = XenIoctl.Close(_fd);
    }
}
