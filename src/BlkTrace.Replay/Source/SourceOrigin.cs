namespace BlkTrace.Replay.Source;

/// <summary>How a source ring request was lifted into an intent (design.md §5), for the summary's mapping.</summary>
public enum SourceOrigin : byte
{
    /// <summary>READ (direct or INDIRECT).</summary>
    Read,

    /// <summary>WRITE (direct or INDIRECT).</summary>
    Write,

    /// <summary>DISCARD.</summary>
    Discard,

    /// <summary>0-segment FLUSH_DISKCACHE: a flush intent.</summary>
    FlushDiskCache,

    /// <summary>FLUSH_DISKCACHE with data: a flush intent, then a write intent (REQ_PREFLUSH write).</summary>
    FlushWithData,

    /// <summary>0-segment WRITE_BARRIER: a flush intent.</summary>
    EmptyBarrier,

    /// <summary>WRITE_BARRIER whose data repeats an earlier write of the same range (same data_hash): a cache-replay flush in disguise.</summary>
    RepeatedDataBarrier,

    /// <summary>
    /// WRITE_BARRIER of at most one page rewriting a range that an earlier data barrier already wrote,
    /// in a trace without data_hash: taken for a cache-replay flush (the documented heuristic).
    /// </summary>
    RewrittenBlockBarrier,

    /// <summary>WRITE_BARRIER with new data: a durable-ordered write.</summary>
    DataBarrier,
}
