namespace BlkTrace.Backend.Profiles;

/// <summary>
/// What serving an accepted request takes, in this order: drain the ring's in-flight I/O, flush,
/// move the data (or discard), flush again; optionally hold later requests until this one completes.
/// </summary>
[Flags]
public enum PlanSteps
{
    /// <summary>Nothing: complete OKAY at once (a no-op).</summary>
    None = 0,

    /// <summary>Wait until every earlier request of this ring has completed (Linux <c>xen_blk_drain_io</c>).</summary>
    DrainBefore = 1,

    /// <summary>Consume nothing more from the ring until this request has completed.</summary>
    HoldLater = 2,

    /// <summary>Flush the store before the data (REQ_PREFLUSH).</summary>
    FlushBefore = 4,

    /// <summary>Read or write the segments.</summary>
    Data = 8,

    /// <summary>Flush the store after the data.</summary>
    FlushAfter = 16,

    /// <summary>Discard the range.</summary>
    Discard = 32,
}
