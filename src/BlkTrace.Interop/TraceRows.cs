using BlkTrace.Trace;
using BlkTrace.Trace.Storage;

namespace BlkTrace.Interop;

/// <summary>Streams a trace's rows one at a time, for exporters (memory: one row group).</summary>
public static class TraceRows
{
    /// <summary>
    /// Every row of the trace at <paramref name="path"/> (a file or a directory of segments), in order.
    /// A row's <see cref="RingEvent.SegLayout"/> is only valid until the next row is taken.
    /// </summary>
    public static IEnumerable<RingEvent> Read(string path, CancellationToken cancel = default)
    {
        using var reader = TraceReader.Open(path);
        while (reader.MoveNext())
        {
            cancel.ThrowIfCancellationRequested();
            var batch = reader.Current;
            for (int i = 0; i < batch.Count; i++)
            {
                yield return batch.GetRow(i);
            }
        }
    }
}
