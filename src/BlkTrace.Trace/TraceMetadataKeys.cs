namespace BlkTrace.Trace;

/// <summary>
/// The Parquet key/value metadata keys of schema v1 (design.md §4). Every segment of a capture
/// carries all of them, so any one file describes itself. Frozen with the schema.
/// </summary>
public static class TraceMetadataKeys
{
    /// <summary>Every key we write starts with this.</summary>
    public const string Prefix = "blktrace.";

    /// <summary>The schema version, <c>1</c>.</summary>
    public const string SchemaVersion = "blktrace.schema_version";

    /// <summary>The frontend's <c>protocol</c> node: <c>x86_64-abi</c> or <c>x86_32-abi</c>.</summary>
    public const string Abi = "blktrace.abi";

    /// <summary><c>ring-page-order</c> the frontend chose.</summary>
    public const string RingPageOrder = "blktrace.ring_page_order";

    /// <summary>Slots per ring (RING_SIZE).</summary>
    public const string RingSize = "blktrace.ring_size";

    /// <summary>Number of rings (queues) in use.</summary>
    public const string Queues = "blktrace.queues";

    /// <summary>The backend profile (design.md §7), e.g. <c>linux</c>.</summary>
    public const string Profile = "blktrace.profile";

    /// <summary>Prefix of the backend's advertised xenstore nodes: <c>blktrace.backend.feature-flush-cache</c> = <c>1</c>.</summary>
    public const string BackendNodePrefix = "blktrace.backend.";

    /// <summary>The store, e.g. <c>file:/var/disk.img</c>, <c>mem:1G</c>, <c>null:1G</c>.</summary>
    public const string Store = "blktrace.store";

    /// <summary>Disk size in 512-byte sectors (the <c>sectors</c> node).</summary>
    public const string Sectors = "blktrace.sectors";

    /// <summary>Logical sector size in bytes (the <c>sector-size</c> node).</summary>
    public const string SectorSize = "blktrace.sector_size";

    /// <summary>Capture start as UTC ISO 8601 (round-trip format); ts_ns counts from here.</summary>
    public const string CaptureStartUtc = "blktrace.capture_start_utc";

    /// <summary>Which clock ts_ns comes from.</summary>
    public const string Clock = "blktrace.clock";

    /// <summary>Events the capture dropped (0 unless told it may drop).</summary>
    public const string DroppedEvents = "blktrace.dropped_events";

    /// <summary>Replay outputs: the barrier strategy (design.md §5).</summary>
    public const string Strategy = "blktrace.strategy";

    /// <summary>Replay outputs: the timing mode (original, afap, closed).</summary>
    public const string TimingMode = "blktrace.timing_mode";

    /// <summary>Replay outputs: the trace that was replayed.</summary>
    public const string SourceTrace = "blktrace.source_trace";

    /// <summary>The program that wrote the file, e.g. <c>blkt 0.1.0</c>.</summary>
    public const string Writer = "blktrace.writer";
}
