namespace BlkTrace.Replay.Output;

/// <summary>Intents of a replay.</summary>
/// <param name="Workload">Workload intents in the run.</param>
/// <param name="Issued">Workload intents issued.</param>
/// <param name="Completed">Workload intents the guest was told about.</param>
/// <param name="NeverCompleted">Issued and never told (the run stopped early).</param>
/// <param name="Connect">Intents the strategy sent at connect (probes, cached-block reads), logged before the workload's.</param>
/// <param name="ByKind">Workload intents issued, by kind (<c>read</c>, <c>write</c>, <c>flush</c>, <c>durable_write</c>, <c>discard</c>).</param>
/// <param name="GuestStatus">What the guest was told, by status (<c>OKAY</c>, <c>ERROR</c>, <c>EOPNOTSUPP</c>).</param>
public sealed record IntentSummary(long Workload, long Issued, long Completed, long NeverCompleted, long Connect, IReadOnlyDictionary<string, long> ByKind, IReadOnlyDictionary<string, long> GuestStatus);
