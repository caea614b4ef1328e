using System.Text.Json.Serialization;

namespace BlkTrace.Analysis;

/// <summary>Whole-trace rates over <see cref="DurationSeconds"/> (first to last row).</summary>
/// <param name="Completed">Requests answered (any status).</param>
/// <param name="DurationSeconds">The span.</param>
/// <param name="Iops">Completed per second.</param>
/// <param name="ReadBytes">Bytes of answered reads.</param>
/// <param name="WriteBytes">Bytes of answered writes (WRITE, barriers and flushes with data).</param>
/// <param name="MBps">Read + write, 10^6 bytes per second.</param>
/// <param name="ReadMBps">Reads, 10^6 bytes per second.</param>
/// <param name="WriteMBps">Writes, 10^6 bytes per second.</param>
public sealed record ThroughputSummary(long Completed, double DurationSeconds, double Iops, long ReadBytes, long WriteBytes, [property: JsonPropertyName("mb_per_s")] double MBps, [property: JsonPropertyName("read_mb_per_s")] double ReadMBps, [property: JsonPropertyName("write_mb_per_s")] double WriteMBps);
