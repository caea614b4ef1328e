namespace BlkTrace.Replay.Output;

/// <summary>The timing mode and its knobs.</summary>
/// <param name="Mode"><c>original</c>, <c>afap</c> or <c>closed</c>.</param>
/// <param name="Speed">Speed factor (original, closed).</param>
/// <param name="QueueDepth">Intents in flight at most (afap).</param>
public sealed record TimingSummary(string Mode, double Speed, int QueueDepth);
