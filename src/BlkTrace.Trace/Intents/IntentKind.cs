namespace BlkTrace.Trace.Intents;

/// <summary>
/// The <c>kind</c> column of the intent log (schema <c>blktrace.intents</c> v1): what the guest asked
/// for, before a barrier strategy turned it into ring requests. The numeric codes are frozen.
/// </summary>
public enum IntentKind : sbyte
{
    /// <summary>A read.</summary>
    Read = 0,

    /// <summary>A plain write.</summary>
    Write = 1,

    /// <summary>A flush intent: make every write completed so far durable (fsync, a journal commit's cache flush).</summary>
    Flush = 2,

    /// <summary>A durable-ordered write: a write that must be durable and ordered when it completes (write-through, barrier with new data, FUA).</summary>
    DurableWrite = 3,

    /// <summary>A discard (trim).</summary>
    Discard = 4,
}
