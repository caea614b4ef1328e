namespace BlkTrace.Analysis;

/// <summary>What was analysed: the trace's identity (metadata, no absolute paths), its rows and its time span.</summary>
public sealed record TraceSummary
{
    /// <summary>The trace's name: the file or directory name as given, without its directory.</summary>
    public string Name { get; init; } = string.Empty;

    /// <summary>Rows scanned.</summary>
    public long Rows { get; init; }

    /// <summary>Request rows.</summary>
    public long Requests { get; init; }

    /// <summary>Response rows.</summary>
    public long Responses { get; init; }

    /// <summary>Store-flush rows (kind 2).</summary>
    public long StoreFlushes { get; init; }

    /// <summary>Rows of a kind schema v1 does not define (skipped).</summary>
    public long UnknownKindRows { get; init; }

    /// <summary><c>blktrace.dropped_events</c>: events the capture lost (figures undercount by that much).</summary>
    public long DroppedEvents { get; init; }

    /// <summary>First row's <c>ts_ns</c>.</summary>
    public long FirstTsNs { get; init; }

    /// <summary>Last row's <c>ts_ns</c>.</summary>
    public long LastTsNs { get; init; }

    /// <summary>Last minus first <c>ts_ns</c>: the span rates are computed over.</summary>
    public long DurationNs { get; init; }

    /// <summary><c>blktrace.profile</c>.</summary>
    public string? Profile { get; init; }

    /// <summary><c>blktrace.store</c>.</summary>
    public string? Store { get; init; }

    /// <summary><c>blktrace.strategy</c> (replays).</summary>
    public string? Strategy { get; init; }

    /// <summary><c>blktrace.timing_mode</c> (replays).</summary>
    public string? TimingMode { get; init; }

    /// <summary><c>blktrace.source_trace</c> (replays), file name only.</summary>
    public string? SourceTrace { get; init; }

    /// <summary><c>blktrace.abi</c>.</summary>
    public string? Abi { get; init; }

    /// <summary>RING_SIZE used for the ring-overflow check; null when unknown (check skipped).</summary>
    public int? RingSize { get; init; }

    /// <summary>Rings seen in the trace.</summary>
    public int QueuesSeen { get; init; }

    /// <summary>Whether flush-not-honoured was checked (the trace records store flushes).</summary>
    public bool StoreFlushesRecorded { get; init; }

    /// <summary>Why <see cref="StoreFlushesRecorded"/> is what it is.</summary>
    public string StoreFlushesNote { get; init; } = string.Empty;

    /// <summary>Latencies below zero (a response stamped before its request) counted as 0.</summary>
    public long NegativeLatencies { get; init; }
}
