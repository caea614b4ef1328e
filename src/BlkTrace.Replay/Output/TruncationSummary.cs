namespace BlkTrace.Replay.Output;

/// <summary>
/// A replay cut short by <see cref="ReplayOptions.TimeBudget"/>: the source was truncated at an intent
/// boundary (every intent before it was replayed in full, none after it was started).
/// </summary>
/// <param name="Reason">One line: which budget, and where the source was cut.</param>
/// <param name="BudgetSeconds">The time budget, s.</param>
/// <param name="IntentsReplayed">Source intents started (and waited for) before the cut.</param>
/// <param name="IntentsInRun">Intents the run would have replayed without a budget.</param>
/// <param name="FirstNotReplayedSeq">The source request row of the first intent not replayed.</param>
public sealed record TruncationSummary(string Reason, double BudgetSeconds, int IntentsReplayed, int IntentsInRun, long FirstNotReplayedSeq);
