namespace BlkTrace.Replay.Output;

/// <summary>Rates over the workload's duration (first issue to last completion).</summary>
/// <param name="Iops">Workload intents completed per second.</param>
/// <param name="RingRequestsPerSecond">Ring requests per second.</param>
/// <param name="ReadMBps">Intent bytes read per second, 10^6 bytes.</param>
/// <param name="WriteMBps">Intent bytes written per second, 10^6 bytes (a strategy's extra bytes not included).</param>
public sealed record ThroughputSummary(double Iops, double RingRequestsPerSecond, double ReadMBps, double WriteMBps);
