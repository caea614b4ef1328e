namespace BlkTrace.Replay.Output;

/// <summary>The ring requests a replay sent (the frontend's view; the backend's tap has the same in the trace).</summary>
/// <param name="Requests">Requests sent (connect-time ones included).</param>
/// <param name="ByOp">Per op, sent and answers by status.</param>
/// <param name="BytesWritten">Bytes carried by writes, barriers and flushes with data.</param>
/// <param name="BytesRead">Bytes read.</param>
/// <param name="UnexpectedResponses">Responses to no outstanding request (a backend fault).</param>
public sealed record RingSummary(long Requests, IReadOnlyList<RingOpCount> ByOp, long BytesWritten, long BytesRead, long UnexpectedResponses);
