namespace BlkTrace.Trace;

/// <summary>
/// The <c>kind</c> column of trace schema v1 (design.md §4). The numeric codes are frozen: a change
/// bumps <see cref="TraceSchema.Version"/>.
/// </summary>
public enum RingEventKind : sbyte
{
    /// <summary>A request consumed from the ring (recorded right after the backend copied it out of its slot).</summary>
    Request = 0,

    /// <summary>A response written into the ring.</summary>
    Response = 1,

    /// <summary>
    /// The backend made its store durable (fdatasync, cache flush) on behalf of request <c>id</c>;
    /// <c>nr_sectors</c> is 0. This is what lets analysis tell an honoured flush from a lie.
    /// </summary>
    StoreFlush = 2,
}
