namespace BlkTrace.Replay;

/// <summary>
/// Replay keys written into the replay trace's and the intent log's metadata, beside the frozen
/// <c>blktrace.strategy</c>, <c>blktrace.timing_mode</c>, <c>blktrace.source_trace</c>,
/// <c>blktrace.profile</c> and <c>blktrace.store</c> of trace schema v1.
/// </summary>
public static class ReplayMetadataKeys
{
    /// <summary>Speed factor.</summary>
    public const string Speed = "blktrace.replay.speed";

    /// <summary>Queue depth cap (afap).</summary>
    public const string QueueDepth = "blktrace.replay.qd";

    /// <summary>Seed stamped into data.</summary>
    public const string Seed = "blktrace.replay.seed";

    /// <summary>What the strategy decided (<c>IReplayStrategy.Detail</c> at connect).</summary>
    public const string StrategyDetail = "blktrace.replay.strategy_detail";

    /// <summary>cache-replay / xdf: whether the cached block was refreshed by writes (<c>on</c>/<c>off</c>).</summary>
    public const string CacheRefresh = "blktrace.replay.cache_refresh";

    /// <summary>linux-blkfront: <c>6.10</c>, <c>6.11</c> or <c>report-errors</c>.</summary>
    public const string Blkfront = "blktrace.replay.blkfront";

    /// <summary>
    /// Which clock the intent log's timestamps use: <c>trace</c> (the in-process replay trace's ts_ns) or
    /// <c>replay</c> (a vbd target: ns since <see cref="ClockOriginUtc"/> on this host's monotonic clock).
    /// </summary>
    public const string IntentClock = "blktrace.replay.intent_clock";

    /// <summary>UTC time of the intent log's ts 0, to line it up with a backend's own capture (by its <c>blktrace.capture_start_utc</c>).</summary>
    public const string ClockOriginUtc = "blktrace.replay.clock_origin_utc";
}
