using BlkTrace.Replay.Strategies;

namespace BlkTrace.Replay;

/// <summary>How to replay: strategy, timing, seed, checks.</summary>
public sealed record ReplayOptions
{
    /// <summary>The strategy name (<see cref="ReplayStrategies.Names"/>).</summary>
    public string Strategy { get; init; } = ReplayStrategies.Auto;

    /// <summary>Knobs of the strategies that have some (cache refresh, blkfront version).</summary>
    public StrategyOptions StrategyOptions { get; init; } = new();

    /// <summary>The timing mode.</summary>
    public TimingMode Timing { get; init; } = TimingMode.Original;

    /// <summary>Speed factor of <see cref="TimingMode.Original"/> and <see cref="TimingMode.Closed"/> (2: twice as fast).</summary>
    public double Speed { get; init; } = 1;

    /// <summary>Intents in flight at most in <see cref="TimingMode.Afap"/> (capped by the ring).</summary>
    public int QueueDepth { get; init; } = 32;

    /// <summary>Seed stamped into every sector (a read of another replay's data is told apart).</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>Check every read's data (forced off against a store that moves no data).</summary>
    public bool Verify { get; init; } = true;

    /// <summary>Replay at most this many source intents (0: all).</summary>
    public int Limit { get; init; }

    /// <summary>
    /// Stop starting intents once this much time has passed since the workload started (null: no cap),
    /// so a matrix over a long trace finishes in bounded time. In <see cref="TimingMode.Original"/>
    /// timing an intent due after the budget is not waited for. What was started is waited for; the
    /// summary says where the source was cut (<c>truncated</c>).
    /// </summary>
    public TimeSpan? TimeBudget { get; init; }

    /// <summary>Replay over an existing file target, and into an output directory that already holds a replay.</summary>
    public bool Force { get; init; }

    /// <summary>Give up when requests are outstanding and nothing completes for this long (a backend that stopped answering).</summary>
    public TimeSpan StallTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// In <see cref="TimingMode.Original"/> and <see cref="TimingMode.Closed"/> timing, tune the issuing
    /// thread to keep time: 1 ns timer slack, nice −10 where permitted, sleep only when the next issue is
    /// more than 1 ms away and spin (never yield) nearer it, and the GC in sustained low-latency mode.
    /// False keeps the plain wait (sleep ≥ 2 ms away, yield ≥ 200 µs away), for comparison.
    /// </summary>
    public bool TuneIssuer { get; init; } = true;

    /// <summary>
    /// With <see cref="TuneIssuer"/>, also ask for SCHED_FIFO priority 1 for the issuing thread (root or
    /// CAP_SYS_NICE; falls back silently). The thread sleeps between issues and spins only in the last
    /// 60 µs, so it leaves the core to others; the kernel's RT throttling bounds it anyway.
    /// </summary>
    public bool RealtimeIssuer { get; init; }

    /// <summary>Refuse nonsense with an <see cref="ArgumentException"/> naming the option.</summary>
    public void Validate()
    {
        if (!ReplayStrategies.Names.Contains(Strategy))
        {
            throw new ArgumentException($"--strategy {Strategy}: unknown strategy ({string.Join(", ", ReplayStrategies.Names)})");
        }

        if (!(Speed > 0 && Speed <= 1e6))
        {
            throw new ArgumentException($"--speed {Speed}: must be a positive factor (1 = as recorded)");
        }

        if (QueueDepth < 1)
        {
            throw new ArgumentException($"--qd {QueueDepth}: must be at least 1");
        }

        if (TimeBudget is { } budget && budget <= TimeSpan.Zero)
        {
            throw new ArgumentException($"--time-budget {budget}: must be positive");
        }

        if (Limit < 0)
        {
            throw new ArgumentException($"--limit {Limit}: must not be negative");
        }
    }
}
