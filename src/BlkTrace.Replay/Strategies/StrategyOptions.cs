namespace BlkTrace.Replay.Strategies;

/// <summary>Knobs of the strategies that have some.</summary>
public sealed record StrategyOptions
{
    /// <summary>The block cache-replay rewrites (Solaris xdf's <c>xdf_flush_block</c>).</summary>
    public const ulong DefaultCachedBlock = 156;

    /// <summary>
    /// cache-replay and xdf: refresh the cached block on every guest write that covers it (xdf does).
    /// Off reproduces the hazard: each flush rewrites stale data and a later read sees it reverted.
    /// </summary>
    public bool CacheRefresh { get; init; } = true;

    /// <summary>The block cache-replay rewrites.</summary>
    public ulong CachedBlockSector { get; init; } = DefaultCachedBlock;

    /// <summary>Which Linux blkfront to imitate.</summary>
    public LinuxBlkfrontVersion Blkfront { get; init; } = LinuxBlkfrontVersion.UpTo610;
}
