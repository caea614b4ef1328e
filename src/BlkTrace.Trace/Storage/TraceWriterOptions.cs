namespace BlkTrace.Trace.Storage;

/// <summary>How a <see cref="TraceWriter"/> cuts a capture into row groups and sealed segments.</summary>
public sealed record TraceWriterOptions
{
    /// <summary>The default row group: about a million rows (readers decode a row group at a time).</summary>
    public const int DefaultRowGroupRows = 1 << 20;

    /// <summary>
    /// Segment file names are <c>BaseName.00000.parquet</c>, <c>BaseName.00001.parquet</c>, …;
    /// null uses the output directory's own name.
    /// </summary>
    public string? BaseName { get; init; }

    /// <summary>Rows per row group (also the rows buffered in memory before they reach the file).</summary>
    public int RowGroupRows { get; init; } = DefaultRowGroupRows;

    /// <summary>A segment is sealed once it holds this many rows (a crash loses at most one open segment).</summary>
    public long MaxSegmentRows { get; init; } = 8L * DefaultRowGroupRows;

    /// <summary>A segment with rows is sealed once it has been open this long; null: no time limit.</summary>
    public TimeSpan? MaxSegmentAge { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>fsync each segment before it is renamed into place (survives power loss, not only process death).</summary>
    public bool Durable { get; init; } = true;

    /// <summary>The clock that ages segments; tests inject one instead of sleeping.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
