namespace BlkTrace.Interop.NetTrace;

/// <summary>How <see cref="EventPipeCapture"/> records a running backend.</summary>
public sealed record CaptureOptions
{
    /// <summary>The runtime's session buffer. Large, so a burst is absorbed rather than dropped; drops are still counted.</summary>
    public int BufferMegabytes { get; init; } = 1024;

    /// <summary>How long to record; null: until cancelled or until the process exits.</summary>
    public TimeSpan? Duration { get; init; }

    /// <summary>Keep the raw <c>.nettrace</c> beside the segments (it is deleted after a successful conversion otherwise).</summary>
    public bool KeepNetTrace { get; init; }

    /// <summary>Called a few times a second with the .nettrace bytes received so far; null: never.</summary>
    public Action<long>? Progress { get; init; }

    /// <summary>The clock that ends <see cref="Duration"/>; tests may inject one.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
