namespace BlkTrace.Replay.Output;

/// <summary>The replayed trace and how it was lifted into intents.</summary>
/// <param name="Path">The trace.</param>
/// <param name="Profile">Its <c>blktrace.profile</c>.</param>
/// <param name="Store">Its <c>blktrace.store</c>.</param>
/// <param name="Requests">Request rows read.</param>
/// <param name="Intents">Intents lifted.</param>
/// <param name="DiskSectors">The disk the replay stays inside.</param>
/// <param name="DurationNs">From the first intent to the last event.</param>
/// <param name="Lifted">Requests lifted, by rule (<c>SourceOrigin</c> names).</param>
/// <param name="Skipped">Requests not replayed, by reason.</param>
/// <param name="FirstSkipped">The first skipped requests: seq and reason.</param>
/// <param name="Unanswered">Lifted requests the source never answered.</param>
/// <param name="UnmatchedResponses">Source responses to nothing outstanding.</param>
public sealed record SourceSummary(
    string Path,
    string? Profile,
    string? Store,
    long Requests,
    long Intents,
    ulong DiskSectors,
    long DurationNs,
    IReadOnlyDictionary<string, long> Lifted,
    IReadOnlyDictionary<string, long> Skipped,
    IReadOnlyList<SkippedRequest> FirstSkipped,
    long Unanswered,
    long UnmatchedResponses);
