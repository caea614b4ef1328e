namespace BlkTrace.Analysis;

/// <summary>How <see cref="TraceAnalyzer"/> bins time, what it trusts from the metadata, and how it reads.</summary>
public sealed record AnalyzerOptions
{
    /// <summary>The default time-series bin: one second.</summary>
    public const long DefaultBinNs = 1_000_000_000;

    /// <summary>
    /// What <c>blkt analyze</c> uses without <c>--bin</c>: 1 ms bins, doubled (pairs merged) until at
    /// most 4096 cover the trace, so a half-second capture and a day-long one both get a useful series;
    /// its text report regroups them to round widths.
    /// </summary>
    public static AnalyzerOptions AutoBins { get; } = new() { BinNs = 1_000_000, MaxBins = 4096 };

    /// <summary>Width of a time-series bin in ns (bins start at capture start, <c>ts_ns</c> = 0).</summary>
    public long BinNs { get; init; } = DefaultBinNs;

    /// <summary>
    /// The most bins kept: a longer trace doubles the bin width (merging pairs) until it fits, so
    /// memory stays flat whatever the trace's length.
    /// </summary>
    public int MaxBins { get; init; } = 1 << 16;

    /// <summary>Examples kept per violation kind (all are counted).</summary>
    public int MaxExamples { get; init; } = 10;

    /// <summary>
    /// Whether the trace records the backend's store flushes (kind 2 rows), which flush-not-honoured
    /// needs. Null: decide from the metadata (see <see cref="StoreFlushRecording"/>).
    /// </summary>
    public bool? StoreFlushesRecorded { get; init; }

    /// <summary>Ring size for the ring-overflow check when the metadata has none; null: skip the check then.</summary>
    public int? RingSize { get; init; }

    /// <summary>
    /// Threads that decode row groups ahead of the scan (Parquet decoding is most of the cost);
    /// 0 picks one per core (at most 4); 1 decodes on the calling thread. Results do not depend on it.
    /// </summary>
    public int Decoders { get; init; }
}
