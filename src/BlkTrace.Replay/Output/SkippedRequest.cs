namespace BlkTrace.Replay.Output;

/// <summary>A source request that was not replayed.</summary>
/// <param name="Seq">Its request row's seq.</param>
/// <param name="Reason">Why.</param>
public sealed record SkippedRequest(long Seq, string Reason);
