namespace BlkTrace.Trace.Tap;

/// <summary>How a <see cref="TraceTap"/> buffers and what it reports.</summary>
public sealed record TraceTapOptions
{
    /// <summary>Default buffer: 64 Ki slots of 64 bytes (4 MiB), about 6 ms of a 10 M events/s backend.</summary>
    public const int DefaultBufferSlots = 1 << 16;

    /// <summary>The least buffer: room for two of the largest events (an INDIRECT request with 4096 segments).</summary>
    public const int MinBufferSlots = 1 << 10;

    /// <summary><see cref="TapBackpressure.Block"/> (default) or <see cref="TapBackpressure.Drop"/>.</summary>
    public TapBackpressure Backpressure { get; init; } = TapBackpressure.Block;

    /// <summary>Slots in the buffer (a power of two, at least <see cref="MinBufferSlots"/>); most events take one.</summary>
    public int BufferSlots { get; init; } = DefaultBufferSlots;

    /// <summary>
    /// Called on the writer thread with the running total when events have been dropped, at most
    /// once per <see cref="DropReportInterval"/> (and once more at the end if the total moved), so a
    /// command can warn on stderr. Must not throw.
    /// </summary>
    public Action<long>? DropsObserved { get; init; }

    /// <summary>
    /// Called on the writer thread when writing fails (disk full, output gone). Under
    /// <see cref="TapBackpressure.Block"/> the tap is then faulted: every later call on a ring thread
    /// throws an <see cref="IOException"/> and <see cref="TraceTap.Fault"/> is set. Under
    /// <see cref="TapBackpressure.Drop"/> the open segment's rows are counted as dropped and the
    /// writer tries a fresh segment after <see cref="RetryInterval"/>. Must not throw.
    /// </summary>
    public Action<Exception>? WriteFailed { get; init; }

    /// <summary>The least time between two <see cref="DropsObserved"/> calls.</summary>
    public TimeSpan DropReportInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Under <see cref="TapBackpressure.Drop"/>, how long to count events as dropped after a write failure before trying again.</summary>
    public TimeSpan RetryInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Also send every event to <see cref="Diagnostics.RingEventSource"/> (one field test per call while no listener is enabled).</summary>
    public bool ForwardToEventSource { get; init; } = true;

    /// <summary>The clock for drop reports and retries (timestamps in the trace always come from <see cref="System.Diagnostics.Stopwatch"/>).</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
