namespace BlkTrace.Replay.Strategies;

/// <summary>
/// Which Linux xen-blkfront's answer to a failed flush to imitate. In every merged version an empty
/// flush or barrier answered ERROR, or any flush or barrier answered EOPNOTSUPP, is reported to the
/// guest as success and clears <c>feature_flush</c>/<c>feature_fua</c>; what changed in 6.11
/// (commit dd9300e9, "don't disable cache flushes when they fail") is who swallows the later flushes.
/// </summary>
public enum LinuxBlkfrontVersion
{
    /// <summary>
    /// Up to 6.10: <c>xlvbd_flush()</c> turns the queue's write cache off, so the block layer completes
    /// every later flush itself (success, nothing on the ring) and strips FUA from writes.
    /// </summary>
    UpTo610,

    /// <summary>
    /// 6.11 and later: the queue keeps its write cache; blkfront completes every later empty flush
    /// with success without the ring (<c>blkif_queue_rq</c>) and sends FUA writes as plain writes. To
    /// the guest and on the ring this is the same hazard as <see cref="UpTo610"/>.
    /// </summary>
    From611,

    /// <summary>
    /// Not a released kernel: the first posting of the 6.11 patch (June 2024), which reported the
    /// failure to the guest and kept flushing. What a frontend that never hides a failed flush does.
    /// </summary>
    ReportErrors,
}
