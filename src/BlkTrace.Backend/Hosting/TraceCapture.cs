using BlkTrace.Trace.Tap;

namespace BlkTrace.Backend.Hosting;

/// <summary>What <c>--trace</c> asks for: where the Parquet segments go and how the tap behaves when it falls behind.</summary>
/// <param name="Directory">Directory of Parquet segments (trace schema v1); created if missing.</param>
/// <param name="Backpressure">Block (never lose an event) or drop (never slow the ring; drops are counted).</param>
/// <param name="SegmentRows">Seal a segment after this many rows.</param>
/// <param name="SegmentAge">Seal a segment after this long.</param>
public sealed record TraceCapture(string Directory, TapBackpressure Backpressure, long SegmentRows, TimeSpan SegmentAge);
