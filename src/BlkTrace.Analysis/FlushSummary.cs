namespace BlkTrace.Analysis;

/// <summary>Flushes in the guest's sense (FLUSH_DISKCACHE and WRITE_BARRIER), their rate and fate; latency is the <c>flushes</c> row of <see cref="AnalysisResult.Latency"/>.</summary>
/// <param name="Requests">Flush-like requests.</param>
/// <param name="PerSecond">Requests per second over the trace's span.</param>
/// <param name="Flush">FLUSH_DISKCACHE requests.</param>
/// <param name="EmptyBarrier">WRITE_BARRIER requests with 0 segments.</param>
/// <param name="DataBarrier">WRITE_BARRIER requests with data.</param>
/// <param name="Failed">Answered with anything but OKAY.</param>
/// <param name="StoreFlushes">Store flushes the backend recorded (kind 2 rows).</param>
public sealed record FlushSummary(long Requests, double PerSecond, long Flush, long EmptyBarrier, long DataBarrier, long Failed, long StoreFlushes);
