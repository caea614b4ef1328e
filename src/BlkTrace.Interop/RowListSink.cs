using BlkTrace.Trace;

namespace BlkTrace.Interop;

/// <summary>An <see cref="ITraceRowSink"/> that keeps every row in memory: for small traces and tests.</summary>
public sealed class RowListSink : ITraceRowSink
{
    private readonly List<RingEvent> _rows = [];

    /// <summary>The rows received, owning their bytes.</summary>
    public IReadOnlyList<RingEvent> Rows => _rows;

    /// <inheritdoc />
    public void Append(in RingEvent row) => _rows.Add(row.Detach());
}
