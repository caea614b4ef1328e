namespace BlkTrace.Interop;

/// <summary>
/// A block-layer request as the foreign formats describe it (blktrace's rwbs letters, fio's
/// actions), before it is mapped onto blkif (<see cref="BlockOpMapping"/>).
/// </summary>
public enum BlockOp
{
    /// <summary>A read (blktrace <c>R</c>, fio <c>read</c>).</summary>
    Read,

    /// <summary>A write (blktrace <c>W</c>, fio <c>write</c>).</summary>
    Write,

    /// <summary>An empty cache flush (blktrace <c>FN</c>, fio <c>sync</c>/<c>datasync</c>).</summary>
    Flush,

    /// <summary>A write preceded by a cache flush (blktrace <c>FWS</c>, REQ_PREFLUSH).</summary>
    PreflushWrite,

    /// <summary>A write that is durable when it completes (blktrace <c>WFS</c>, REQ_FUA).</summary>
    FuaWrite,

    /// <summary>Preflush and FUA: the old barrier write (blktrace <c>FWFS</c>).</summary>
    PreflushFuaWrite,

    /// <summary>A discard (blktrace <c>D</c>, fio <c>trim</c>).</summary>
    Discard,
}
