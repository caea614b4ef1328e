namespace BlkTrace.Replay.Output;

/// <summary>What went wrong.</summary>
/// <param name="GuestErrors">Intents told ERROR.</param>
/// <param name="GuestNotSupported">Intents told EOPNOTSUPP.</param>
/// <param name="RingErrors">Ring responses ERROR.</param>
/// <param name="RingNotSupported">Ring responses EOPNOTSUPP.</param>
/// <param name="Abandoned">Why the run stopped early, or null.</param>
public sealed record ErrorSummary(long GuestErrors, long GuestNotSupported, long RingErrors, long RingNotSupported, string? Abandoned);
