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

    /// <summary>Replay over an existing file target, and into an output directory that already holds a replay.</summary>
    public bool Force { get; init; }

    /// <summary>Give up when requests are outstanding and nothing completes for this long (a backend that stopped answering).</summary>
    public TimeSpan StallTimeout { get; init; } = TimeSpan.FromSeconds(30);

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

        if (Limit < 0)
        {
            throw new ArgumentException($"--limit {Limit}: must not be negative");
        }
    }
}
