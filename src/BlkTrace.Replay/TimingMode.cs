namespace BlkTrace.Replay;

/// <summary>How a replay times its intents (design.md §5).</summary>
public enum TimingMode
{
    /// <summary>Open loop at the recorded offsets from the first intent, divided by the speed.</summary>
    Original,

    /// <summary>As fast as possible, at most a queue depth of intents in flight.</summary>
    Afap,

    /// <summary>
    /// Closed loop: an intent waits for every intent that had completed before it was issued in the
    /// source, then for its recorded think time (from the last of those completions) divided by the speed.
    /// </summary>
    Closed,
}
