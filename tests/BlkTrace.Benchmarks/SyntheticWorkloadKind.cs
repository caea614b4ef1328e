namespace BlkTrace.Benchmarks;

/// <summary>The event streams the trace benchmarks write.</summary>
public enum SyntheticWorkloadKind
{
    /// <summary>32 KiB sequential writes (8 full-page segments).</summary>
    SequentialWrites,

    /// <summary>Random 8 KiB writes with a FLUSH_DISKCACHE (and its store flush) every 64 writes.</summary>
    RandomWrites8KWithFlushes,

    /// <summary>70 % random 4 KiB reads, 30 % random 4–64 KiB writes, some partial-page segments.</summary>
    MixedReadWrite,
}
