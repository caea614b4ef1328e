namespace BlkTrace.Protocol.XenStore;

/// <summary>Node names of the blkif handshake (<c>io/blkif.h</c>, "Backend/Frontend XenBus Nodes").</summary>
public static class XenStoreNodes
{
    /// <summary><c>state</c>: a <see cref="Blkif.XenbusState"/> as a decimal number.</summary>
    public const string State = "state";

    /// <summary><c>feature-barrier</c>: the backend accepts WRITE_BARRIER.</summary>
    public const string FeatureBarrier = "feature-barrier";

    /// <summary><c>feature-flush-cache</c>: the backend accepts FLUSH_DISKCACHE.</summary>
    public const string FeatureFlushCache = "feature-flush-cache";

    /// <summary><c>feature-discard</c>.</summary>
    public const string FeatureDiscard = "feature-discard";

    /// <summary><c>discard-granularity</c> (bytes).</summary>
    public const string DiscardGranularity = "discard-granularity";

    /// <summary><c>discard-alignment</c> (bytes).</summary>
    public const string DiscardAlignment = "discard-alignment";

    /// <summary><c>discard-secure</c>.</summary>
    public const string DiscardSecure = "discard-secure";

    /// <summary><c>feature-persistent</c>.</summary>
    public const string FeaturePersistent = "feature-persistent";

    /// <summary><c>feature-max-indirect-segments</c>.</summary>
    public const string FeatureMaxIndirectSegments = "feature-max-indirect-segments";

    /// <summary><c>multi-queue-max-queues</c> (backend).</summary>
    public const string MultiQueueMaxQueues = "multi-queue-max-queues";

    /// <summary><c>multi-queue-num-queues</c> (frontend).</summary>
    public const string MultiQueueNumQueues = "multi-queue-num-queues";

    /// <summary><c>max-ring-page-order</c> (backend).</summary>
    public const string MaxRingPageOrder = "max-ring-page-order";

    /// <summary><c>ring-page-order</c> (frontend).</summary>
    public const string RingPageOrder = "ring-page-order";

    /// <summary><c>ring-ref</c> (a one-page ring).</summary>
    public const string RingRef = "ring-ref";

    /// <summary><c>event-channel</c>.</summary>
    public const string EventChannel = "event-channel";

    /// <summary><c>protocol</c>: the ABI name.</summary>
    public const string Protocol = "protocol";

    /// <summary><c>sectors</c>: disk size in 512-byte sectors.</summary>
    public const string Sectors = "sectors";

    /// <summary><c>info</c>: <see cref="Blkif.VDiskInfo"/> flags.</summary>
    public const string Info = "info";

    /// <summary><c>sector-size</c>: logical sector size in bytes.</summary>
    public const string SectorSize = "sector-size";

    /// <summary><c>physical-sector-size</c>.</summary>
    public const string PhysicalSectorSize = "physical-sector-size";

    /// <summary><c>mode</c>: <c>r</c> or <c>w</c>.</summary>
    public const string Mode = "mode";

    /// <summary><c>ring-ref&lt;i&gt;</c> of a multi-page ring.</summary>
    public static string RingRefN(int i) => "ring-ref" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
