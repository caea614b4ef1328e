using BlkTrace.Trace;
using BlkTrace.Trace.Storage;

namespace BlkTrace.Interop;

/// <summary>An <see cref="ITraceRowSink"/> that appends to a <see cref="TraceWriter"/> (the caller completes it).</summary>
public sealed class TraceWriterSink(TraceWriter writer) : ITraceRowSink
{
    private readonly TraceWriter _writer = writer ?? throw new ArgumentNullException(nameof(writer));

    /// <inheritdoc />
    public void Append(in RingEvent row) => _writer.Append(row);
}
