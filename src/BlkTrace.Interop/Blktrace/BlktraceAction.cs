namespace BlkTrace.Interop.Blktrace;

/// <summary>
/// blktrace action codes: the low 16 bits of <c>action</c> (<c>enum blktrace_act</c> in Linux
/// <c>include/uapi/linux/blktrace_api.h</c>; letters as blkparse prints them).
/// </summary>
public enum BlktraceAction : ushort
{
    /// <summary><c>__BLK_TA_QUEUE</c>, Q: a bio queued.</summary>
    Queue = 1,

    /// <summary><c>__BLK_TA_BACKMERGE</c>, M.</summary>
    BackMerge = 2,

    /// <summary><c>__BLK_TA_FRONTMERGE</c>, F.</summary>
    FrontMerge = 3,

    /// <summary><c>__BLK_TA_GETRQ</c>, G.</summary>
    GetRequest = 4,

    /// <summary><c>__BLK_TA_SLEEPRQ</c>, S.</summary>
    SleepRequest = 5,

    /// <summary><c>__BLK_TA_REQUEUE</c>, R.</summary>
    Requeue = 6,

    /// <summary><c>__BLK_TA_ISSUE</c>, D: dispatched to the driver.</summary>
    Issue = 7,

    /// <summary><c>__BLK_TA_COMPLETE</c>, C.</summary>
    Complete = 8,

    /// <summary><c>__BLK_TA_PLUG</c>, P.</summary>
    Plug = 9,

    /// <summary><c>__BLK_TA_UNPLUG_IO</c>, U.</summary>
    UnplugIo = 10,

    /// <summary><c>__BLK_TA_UNPLUG_TIMER</c>, T.</summary>
    UnplugTimer = 11,

    /// <summary><c>__BLK_TA_INSERT</c>, I.</summary>
    Insert = 12,

    /// <summary><c>__BLK_TA_SPLIT</c>, X.</summary>
    Split = 13,

    /// <summary><c>__BLK_TA_BOUNCE</c>, B.</summary>
    Bounce = 14,

    /// <summary><c>__BLK_TA_REMAP</c>, A.</summary>
    Remap = 15,

    /// <summary><c>__BLK_TA_ABORT</c>.</summary>
    Abort = 16,

    /// <summary><c>__BLK_TA_DRV_DATA</c>.</summary>
    DriverData = 17,
}
