namespace BlkTrace.Protocol.Blkif;

/// <summary>
/// The blkif request operation byte (<c>BLKIF_OP_*</c> in Xen's <c>io/blkif.h</c>).
/// A value read from a ring may be any byte; unknown values are kept as they are so a backend
/// profile can answer them the way the real backend does.
/// </summary>
public enum BlkifOperation : byte
{
    /// <summary><c>BLKIF_OP_READ</c>.</summary>
    Read = 0,

    /// <summary><c>BLKIF_OP_WRITE</c>.</summary>
    Write = 1,

    /// <summary>
    /// <c>BLKIF_OP_WRITE_BARRIER</c>: a two-sided fence, gated by <c>feature-barrier</c>. Whether
    /// 0 segments are legal is not said by the header; backends disagree (spec §5).
    /// </summary>
    WriteBarrier = 2,

    /// <summary>
    /// <c>BLKIF_OP_FLUSH_DISKCACHE</c>: commit the volatile cache, gated by <c>feature-flush-cache</c>.
    /// It covers only writes that completed before it was issued; it orders nothing.
    /// </summary>
    FlushDiskCache = 3,

    /// <summary><c>BLKIF_OP_RESERVED_1</c> (used by SLES); real backends reject it.</summary>
    Reserved1 = 4,

    /// <summary><c>BLKIF_OP_DISCARD</c>, gated by <c>feature-discard</c>; uses the discard layout.</summary>
    Discard = 5,

    /// <summary><c>BLKIF_OP_INDIRECT</c>, gated by <c>feature-max-indirect-segments</c>; uses the indirect layout.</summary>
    Indirect = 6,
}
