using BlkTrace.Trace;

namespace BlkTrace.Interop;

/// <summary>Where an importer puts the rows it makes, in order (seq dense from 0).</summary>
public interface ITraceRowSink
{
    /// <summary>Takes one row; the row's layout bytes, if any, are only valid during the call.</summary>
    void Append(in RingEvent row);
}
