using BlkTrace.Protocol.Blkif;

namespace BlkTrace.Backend.Profiles;

/// <summary>
/// The eight backends of spec/blkif.md §5, row by row. Where the spec is silent the choice follows
/// the driver's source and says so.
/// </summary>
public static class BackendProfiles
{
    private const PlanSteps Drain = PlanSteps.DrainBefore;
    private const PlanSteps Hold = PlanSteps.HoldLater;
    private const PlanSteps Pre = PlanSteps.FlushBefore;
    private const PlanSteps Data = PlanSteps.Data;
    private const PlanSteps Post = PlanSteps.FlushAfter;

    /// <summary>
    /// Linux 2.6.18-xen blkback (Xen tree, 2007): feature-barrier=1; a barrier is a block-layer ordered
    /// write (drain, pre-flush, write, post-flush, later requests queued behind it); a 0-segment barrier
    /// and op 3 are ERROR; no producer overflow check (RING_REQUEST_PROD_OVERFLOW arrived in 2015);
    /// no <c>msleep</c> on bad requests yet.
    /// </summary>
    public static BackendProfile Linux2618 { get; } = new()
    {
        Name = "linux-2.6.18",
        Source = "linux-2.6.18-xen drivers/xen/blkback (2007)",
        Barrier = CacheFeatureMode.Always,
        EmptyBarrier = OpRule.Refuse(BlkifStatus.Error, RejectionKind.EmptyBarrierRefused),
        DataBarrier = OpRule.Accept(Drain | Hold | Pre | Data | Post),
        EmptyFlush = OpRule.Refuse(BlkifStatus.Error, RejectionKind.UnknownOperation),
        DataFlush = OpRule.Refuse(BlkifStatus.Error, RejectionKind.UnknownOperation),
        Overflow = OverflowPolicy.None,
    };

    /// <summary>Later 2.6.18 derivatives (2008): as <see cref="Linux2618"/>, but a 0-segment barrier is an empty ordered barrier.</summary>
    public static BackendProfile Linux2618Of2008 { get; } = Linux2618 with
    {
        Name = "linux-2.6.18-2008",
        Source = "2.6.18-xen derivatives after the 2008 empty-barrier change",
        EmptyBarrier = OpRule.Accept(Drain | Hold | Pre),
    };

    /// <summary>
    /// Linux 6.x xen-blkback: barrier and flush-cache advertised iff the device has a volatile cache;
    /// WRITE_BARRIER drains this ring (<c>xen_blk_drain_io</c>) then is a REQ_PREFLUSH write, later
    /// requests not held back; FLUSH_DISKCACHE is REQ_PREFLUSH with no drain; unknown ops get
    /// EOPNOTSUPP (<c>dispatch_other_io</c>); bad requests ERROR then <c>msleep(1)</c>; producer
    /// overflow halts the ring (-EACCES); indirect 256 segments; 4 queues here; order 4.
    /// </summary>
    public static BackendProfile Linux { get; } = new()
    {
        Name = "linux",
        Source = "Linux 6.x drivers/block/xen-blkback/blkback.c",
        Barrier = CacheFeatureMode.WhenVolatileCache,
        FlushCache = CacheFeatureMode.WhenVolatileCache,
        Discard = true,
        MaxIndirectSegments = 256,
        MaxQueues = 4,
        MaxRingPageOrder = 4,
        DefaultAbi = BlkifAbi.X86_32,
        UnknownOperationStatus = BlkifStatus.EOpNotSupp,
        EmptyBarrier = OpRule.Accept(Drain | Pre),
        DataBarrier = OpRule.Accept(Drain | Pre | Data),
        EmptyFlush = OpRule.Accept(Pre),
        DataFlush = OpRule.Accept(Pre | Data),
        StallsOnBadRequest = true,
        Overflow = OverflowPolicy.HaltRing,
    };

    /// <summary>
    /// QEMU xen-block (hw/block/dataplane/xen-block.c, <c>xen_block_parse_request</c>): flush-cache only;
    /// WRITE_BARRIER and INDIRECT are unknown ops (ERROR); a flush is a pre-sync then the data; 0-segment
    /// READ/WRITE are no-ops; a 0-segment flush returns before the read-only check; AIO completes in
    /// any order.
    /// </summary>
    public static BackendProfile Qemu { get; } = new()
    {
        Name = "qemu",
        Source = "QEMU hw/block/dataplane/xen-block.c",
        FlushCache = CacheFeatureMode.Always,
        Discard = true,
        MaxQueues = 4,
        MaxRingPageOrder = 4,
        EmptyReadWrite = OpRule.Accept(PlanSteps.None),
        EmptyBarrier = OpRule.Refuse(BlkifStatus.Error, RejectionKind.UnknownOperation),
        DataBarrier = OpRule.Refuse(BlkifStatus.Error, RejectionKind.UnknownOperation),
        EmptyFlush = OpRule.Accept(Pre),
        DataFlush = OpRule.Accept(Pre | Data),
        EmptyFlushIgnoresReadOnly = true,
        Completion = CompletionOrder.Seeded,
    };

    /// <summary>
    /// illumos xdb (2008): feature-barrier=1; barrier and flush are served and followed by a cache flush;
    /// never EOPNOTSUPP; bad segment ranges are clamped (<c>fs = MIN(fs, 7); ls = MIN(MAX(ls, fs), 7)</c>
    /// in <c>xdb_get_buf</c>); 0-segment READ/WRITE are no-ops.
    /// </summary>
    public static BackendProfile Solaris { get; } = new()
    {
        Name = "solaris",
        Source = "illumos usr/src/uts/common/xen/io/xdb.c",
        Barrier = CacheFeatureMode.Always,
        EmptyReadWrite = OpRule.Accept(PlanSteps.None),
        EmptyBarrier = OpRule.Accept(Post),
        DataBarrier = OpRule.Accept(Data | Post),
        EmptyFlush = OpRule.Accept(Post),
        DataFlush = OpRule.Accept(Data | Post),
        ClampsSegments = true,
    };

    /// <summary>
    /// FreeBSD blkback: barrier and flush-cache; a barrier with data is a BIO_ORDERED write (drain,
    /// write, later requests behind it; no cache flush); any 0-segment data op, the 0-segment barrier
    /// included, is ERROR; FLUSH_DISKCACHE is BIO_FLUSH (see <see cref="FreeBsdSkipFlush"/> for the tunable).
    /// </summary>
    public static BackendProfile FreeBsd { get; } = new()
    {
        Name = "freebsd",
        Source = "FreeBSD sys/dev/xen/blkback/blkback.c",
        Barrier = CacheFeatureMode.Always,
        FlushCache = CacheFeatureMode.Always,
        EmptyBarrier = OpRule.Refuse(BlkifStatus.Error, RejectionKind.ZeroSegments),
        DataBarrier = OpRule.Accept(Drain | Hold | Data),
        EmptyFlush = OpRule.Accept(Pre),
        DataFlush = OpRule.Accept(Pre | Data),
    };

    /// <summary>FreeBSD with the flush tunable set to skip cache flushes (OKAY without a flush).</summary>
    public static BackendProfile FreeBsdSkipFlush { get; } = FreeBsd with
    {
        Name = "freebsd-skip-flush",
        EmptyFlush = OpRule.Accept(PlanSteps.None),
        DataFlush = OpRule.Accept(Data),
    };

    /// <summary>
    /// NetBSD xbdback: flush-cache only; WRITE_BARRIER is an unknown op (ERROR); a flush waits for every
    /// pending request, then syncs the cache (the flush path does not move segments: choice, spec §5
    /// lists only the sync); writes to a read-only disk get EOPNOTSUPP.
    /// </summary>
    public static BackendProfile NetBsd { get; } = new()
    {
        Name = "netbsd",
        Source = "NetBSD sys/arch/xen/xen/xbdback_xenbus.c",
        FlushCache = CacheFeatureMode.Always,
        ReadOnlyStatus = BlkifStatus.EOpNotSupp,
        EmptyBarrier = OpRule.Refuse(BlkifStatus.Error, RejectionKind.UnknownOperation),
        DataBarrier = OpRule.Refuse(BlkifStatus.Error, RejectionKind.UnknownOperation),
        EmptyFlush = OpRule.Accept(Drain | Post),
        DataFlush = OpRule.Accept(Drain | Post),
    };

    /// <summary>
    /// blktap tapdisk: feature-barrier; a 0-segment barrier completes once it is the only pending request
    /// (drain, and nothing later starts before it); a barrier with data stops consumption until earlier
    /// requests are done; no cache flush on either (tapdisk's images are opened O_DIRECT and it issues
    /// no fsync for a barrier: choice, spec §5 names no flush); FLUSH_DISKCACHE and unknown ops are
    /// EOPNOTSUPP.
    /// </summary>
    public static BackendProfile Tapdisk { get; } = new()
    {
        Name = "tapdisk",
        Source = "xapi-project blktap drivers/tapdisk-vbd.c",
        Barrier = CacheFeatureMode.Always,
        UnknownOperationStatus = BlkifStatus.EOpNotSupp,
        EmptyBarrier = OpRule.Accept(Drain | Hold),
        DataBarrier = OpRule.Accept(Drain | Data),
        EmptyFlush = OpRule.Refuse(BlkifStatus.EOpNotSupp, RejectionKind.FlushRefused),
        DataFlush = OpRule.Refuse(BlkifStatus.EOpNotSupp, RejectionKind.FlushRefused),
    };

    /// <summary>The profiles of spec §5, in its order.</summary>
    public static IReadOnlyList<BackendProfile> All { get; } = [Linux2618, Linux2618Of2008, Linux, Qemu, Solaris, FreeBsd, NetBsd, Tapdisk];

    /// <summary>Every name <see cref="ByName"/> accepts.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. All.Select(p => p.Name), FreeBsdSkipFlush.Name];

    /// <summary>The profile called <paramref name="name"/>; an <see cref="ArgumentException"/> naming the choices otherwise.</summary>
    public static BackendProfile ByName(string name)
    {
        foreach (var p in All)
        {
            if (p.Name == name)
            {
                return p;
            }
        }

        if (name == FreeBsdSkipFlush.Name)
        {
            return FreeBsdSkipFlush;
        }

        throw new ArgumentException($"--profile {name}: unknown backend profile ({string.Join(", ", Names)})");
    }
}
