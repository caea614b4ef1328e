using BlkTrace.Protocol.Blkif;
using BlkTrace.Trace;

namespace BlkTrace.Interop;

/// <summary>
/// The one place foreign block operations meet blkif (spec/formats.md): imports map a
/// <see cref="BlockOp"/> onto a request row, exports map a row back.
/// </summary>
/// <remarks>
/// Imported rows describe a block-layer request, not a ring slot, so their shape is synthesized the
/// way Linux blkfront would build it: <c>nr_segments</c> is the number of 4 KiB pages the sector
/// range spans, a READ or WRITE of more than 11 pages becomes INDIRECT with the op as
/// <c>indirect_op</c> (blkif allows only READ/WRITE there), and <c>seg_layout</c> is null because
/// the page offsets are not known. A flush or barrier with data keeps its own op whatever its size.
/// </remarks>
public static class BlockOpMapping
{
    /// <summary>512-byte sectors per 4 KiB page (a blkif segment).</summary>
    public const int SectorsPerPage = 8;

    /// <summary>The blkif shape of an imported request.</summary>
    public static BlkifShape ToBlkif(BlockOp op, ulong sector, int nrSectors, FuaMapping fua)
    {
        ushort pages = PagesSpanned(sector, nrSectors);
        return op switch
        {
            BlockOp.Read => Data(BlkifOperation.Read, pages),
            BlockOp.Write => Data(BlkifOperation.Write, pages),
            BlockOp.Flush => new BlkifShape(BlkifOperation.FlushDiskCache, null, 0),
            BlockOp.PreflushWrite => new BlkifShape(BlkifOperation.FlushDiskCache, null, pages),
            BlockOp.PreflushFuaWrite => new BlkifShape(BlkifOperation.WriteBarrier, null, pages),
            BlockOp.FuaWrite => fua == FuaMapping.Barrier ? new BlkifShape(BlkifOperation.WriteBarrier, null, pages) : Data(BlkifOperation.Write, pages),
            BlockOp.Discard => new BlkifShape(BlkifOperation.Discard, null, 0),
            _ => throw new ArgumentOutOfRangeException(nameof(op), op, "not a block operation"),
        };
    }

    /// <summary>
    /// The block operation a trace row stands for, or null for an op no foreign format can express
    /// (RESERVED_1, an unknown code, an INDIRECT row whose inner op is not READ/WRITE).
    /// A WRITE_BARRIER or FLUSH_DISKCACHE with no sectors is an empty flush.
    /// </summary>
    public static BlockOp? FromRow(in RingEvent row)
    {
        var op = row.Operation == BlkifOperation.Indirect ? row.IndirectOperation : row.Operation;
        return op switch
        {
            BlkifOperation.Read => BlockOp.Read,
            BlkifOperation.Write => BlockOp.Write,
            BlkifOperation.WriteBarrier => row.NrSectors > 0 ? BlockOp.PreflushFuaWrite : BlockOp.Flush,
            BlkifOperation.FlushDiskCache => row.NrSectors > 0 ? BlockOp.PreflushWrite : BlockOp.Flush,
            BlkifOperation.Discard => BlockOp.Discard,
            _ => null,
        };
    }

    /// <summary>True for operations that carry data to the disk.</summary>
    public static bool IsWrite(BlockOp op) => op is BlockOp.Write or BlockOp.PreflushWrite or BlockOp.FuaWrite or BlockOp.PreflushFuaWrite;

    /// <summary>The 4 KiB pages a sector range touches (0 for an empty range, saturated at 65535).</summary>
    public static ushort PagesSpanned(ulong sector, int nrSectors)
    {
        if (nrSectors <= 0)
        {
            return 0;
        }

        long pages = ((long)(sector % SectorsPerPage) + nrSectors + SectorsPerPage - 1) / SectorsPerPage;
        return pages > ushort.MaxValue ? ushort.MaxValue : (ushort)pages;
    }

    /// <summary>A blkif status from a completion errno (positive, or a negative one stored in 16 bits).</summary>
    public static BlkifStatus StatusFromErrno(int errno)
    {
        int e = errno > short.MaxValue ? 65536 - errno : Math.Abs(errno);
        return e switch
        {
            0 => BlkifStatus.Okay,
            Errno.EOpNotSupp => BlkifStatus.EOpNotSupp,
            _ => BlkifStatus.Error,
        };
    }

    /// <summary>The positive errno a completion reports for a blkif status: 0, EOPNOTSUPP (95), or EIO (5).</summary>
    public static int ErrnoFromStatus(BlkifStatus status) => status switch
    {
        BlkifStatus.Okay => 0,
        BlkifStatus.EOpNotSupp => Errno.EOpNotSupp,
        _ => Errno.EIo,
    };

    private static BlkifShape Data(BlkifOperation op, ushort pages) =>
        pages > BlkifConstants.MaxSegmentsPerRequest
            ? new BlkifShape(BlkifOperation.Indirect, op, pages)
            : new BlkifShape(op, null, pages);

    /// <summary>The Linux errno values the formats carry.</summary>
    private static class Errno
    {
        public const int EIo = 5;
        public const int EOpNotSupp = 95;
    }
}
