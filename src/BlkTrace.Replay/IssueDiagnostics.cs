namespace BlkTrace.Replay;

/// <summary>
/// Why issues were late, as the issuing thread saw it: for benchmarks and for whoever tunes a host,
/// not part of <c>summary.json</c> (the figures depend on the machine, not on the workload).
/// </summary>
/// <param name="LateThresholdUs">An issue later than this after its intended time counts as late.</param>
/// <param name="LateIssues">Intents issued late.</param>
/// <param name="LateAfterSleep">Of those, issued right after the thread slept on the event channel.</param>
/// <param name="LateAfterYield">Issued right after a <see cref="Thread.Yield"/>.</param>
/// <param name="LateAfterSpin">Issued right after spinning on the clock (the thread was runnable: descheduled, or the clock read late).</param>
/// <param name="LateAfterWork">Issued right after a loop pass that reaped, checked or submitted (busy completing).</param>
/// <param name="Sleeps">Timed sleeps on the event channel while an issue was due later.</param>
/// <param name="Oversleeps">Of those, sleeps that woke after the issue time they were meant to precede.</param>
/// <param name="MaxOversleepUs">The longest of those overshoots, µs.</param>
/// <param name="LongestWorkUs">The longest loop pass spent reaping and submitting, µs.</param>
/// <param name="AllocatedBytes">Bytes the issuing thread allocated during the workload (after connect).</param>
/// <param name="VoluntarySwitches">Context switches the thread asked for (sleeps, yields), from <c>/proc</c>; -1 where unknown.</param>
/// <param name="InvoluntarySwitches">Times the scheduler took the core away (preemption), from <c>/proc</c>; -1 where unknown.</param>
/// <param name="Tuning">What the issuing thread got: timer slack, nice value, GC latency mode, or "none".</param>
public sealed record IssueDiagnostics(
    double LateThresholdUs,
    long LateIssues,
    long LateAfterSleep,
    long LateAfterYield,
    long LateAfterSpin,
    long LateAfterWork,
    long Sleeps,
    long Oversleeps,
    double MaxOversleepUs,
    double LongestWorkUs,
    long AllocatedBytes,
    long VoluntarySwitches,
    long InvoluntarySwitches,
    string Tuning);
