namespace BlkTrace.Replay;

/// <summary>How far a replay got.</summary>
/// <param name="Finished">Intents the guest has been told about.</param>
/// <param name="Total">Intents in the run.</param>
/// <param name="Elapsed">Since the workload started.</param>
/// <param name="Truncated">The time budget ran out: no more intents start, <paramref name="Total"/> is where the source was cut.</param>
public readonly record struct ReplayProgress(int Finished, int Total, TimeSpan Elapsed, bool Truncated = false);
