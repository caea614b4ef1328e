namespace BlkTrace.Interop;

/// <summary>
/// How an imported FUA write without a preflush (blktrace <c>WFS</c>) becomes a blkif request.
/// blkif has no FUA bit, so either choice loses something; the importer counts every such write.
/// </summary>
public enum FuaMapping
{
    /// <summary>
    /// WRITE_BARRIER with data (the default): keeps the durability the guest asked for, at the cost of
    /// a preflush it did not ask for. This is what Linux blkfront itself sends for a FUA write in
    /// barrier mode, and what design.md §5 lifts as a durable-ordered write.
    /// </summary>
    Barrier,

    /// <summary>A plain WRITE: keeps the ordering freedom, drops the durability promise.</summary>
    Write,
}
