namespace BlkTrace.Interop.Blktrace;

/// <summary>
/// blktrace category bits (<c>enum blktrace_cat</c>), as they sit in the high 16 bits of
/// <c>action</c> (already shifted left by <c>BLK_TC_SHIFT</c> = 16).
/// </summary>
[Flags]
public enum BlktraceCategory : uint
{
    /// <summary>No category.</summary>
    None = 0,

    /// <summary><c>BLK_TC_READ</c>: set for reads and for empty flushes.</summary>
    Read = 1u << 16,

    /// <summary><c>BLK_TC_WRITE</c>.</summary>
    Write = 1u << 17,

    /// <summary><c>BLK_TC_FLUSH</c>: REQ_PREFLUSH, or an empty flush.</summary>
    Flush = 1u << 18,

    /// <summary><c>BLK_TC_SYNC</c>.</summary>
    Sync = 1u << 19,

    /// <summary><c>BLK_TC_QUEUE</c>.</summary>
    Queue = 1u << 20,

    /// <summary><c>BLK_TC_REQUEUE</c>.</summary>
    Requeue = 1u << 21,

    /// <summary><c>BLK_TC_ISSUE</c>.</summary>
    Issue = 1u << 22,

    /// <summary><c>BLK_TC_COMPLETE</c>.</summary>
    Complete = 1u << 23,

    /// <summary><c>BLK_TC_FS</c>: a file-system request.</summary>
    Fs = 1u << 24,

    /// <summary><c>BLK_TC_PC</c>: a SCSI passthrough command (no block semantics).</summary>
    Pc = 1u << 25,

    /// <summary><c>BLK_TC_NOTIFY</c>: a notify record (process name, timestamp, message).</summary>
    Notify = 1u << 26,

    /// <summary><c>BLK_TC_AHEAD</c>: readahead.</summary>
    Ahead = 1u << 27,

    /// <summary><c>BLK_TC_META</c>.</summary>
    Meta = 1u << 28,

    /// <summary><c>BLK_TC_DISCARD</c>.</summary>
    Discard = 1u << 29,

    /// <summary><c>BLK_TC_DRV_DATA</c>.</summary>
    DriverData = 1u << 30,

    /// <summary><c>BLK_TC_FUA</c>.</summary>
    Fua = 1u << 31,
}
