using System.Text.Json.Serialization;

namespace BlkTrace.Analysis;

/// <summary>One bin of the time series. Completions are counted where their response falls.</summary>
/// <param name="StartNs">Bin start, ns since capture start.</param>
/// <param name="Completed">Requests answered in the bin (any op, any status).</param>
/// <param name="Reads">Reads answered.</param>
/// <param name="Writes">WRITEs and barriers with data answered.</param>
/// <param name="ReadBytes">Bytes of reads answered.</param>
/// <param name="WriteBytes">Bytes of writes answered (WRITE, barriers and flushes with data).</param>
/// <param name="Flushes">Flushes and barriers answered.</param>
/// <param name="Errors">Requests answered with anything but OKAY.</param>
/// <param name="Iops">Completed per second of bin width.</param>
/// <param name="MBps">Read + write bytes, 10^6 per second of bin width.</param>
/// <param name="QueueDepthMean">In-flight requests, time-weighted mean over the part of the bin the trace covers, summed over rings.</param>
/// <param name="QueueDepthMax">Most requests in flight at once in the bin, summed over rings at that instant.</param>
public sealed record TimeBin(long StartNs, long Completed, long Reads, long Writes, long ReadBytes, long WriteBytes, long Flushes, long Errors, double Iops, [property: JsonPropertyName("mb_per_s")] double MBps, double QueueDepthMean, int QueueDepthMax);
