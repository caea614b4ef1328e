namespace BlkTrace.Trace.Tap;

/// <summary>What the tap does when its buffer is full (the writer is behind).</summary>
public enum TapBackpressure
{
    /// <summary>The ring thread waits for room: no event is ever lost (the default).</summary>
    Block = 0,

    /// <summary>The event is dropped and counted (<c>blktrace.dropped_events</c>): the backend never slows.</summary>
    Drop = 1,
}
