namespace BlkTrace.Frontend.Workloads;

/// <summary>A workload's shape. Zero-valued sizes and cadences take the kind's defaults (<see cref="WithDefaults"/>).</summary>
public sealed record WorkloadOptions
{
    /// <summary>The shape.</summary>
    public WorkloadKind Kind { get; init; } = WorkloadKind.Oltp;

    /// <summary>Seed of every random choice, and stamped in the data.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Requests kept in flight (at most RING_SIZE).</summary>
    public int QueueDepth { get; init; } = 32;

    /// <summary>Stop issuing after this long (null: only <see cref="MaxRequests"/> stops it).</summary>
    public TimeSpan? Duration { get; init; }

    /// <summary>Stop issuing after this many requests.</summary>
    public long MaxRequests { get; init; } = long.MaxValue;

    /// <summary>Bytes per write (0: the kind's default: oltp 8 KiB, journal 4 KiB, streaming 44 KiB or 128 KiB indirect).</summary>
    public int BlockSize { get; init; }

    /// <summary>Flush after this many writes (0: the kind's default; -1: never).</summary>
    public int FlushEvery { get; init; }

    /// <summary>Fraction of requests that are reads (NaN: the kind's default; only fileserver reads by default).</summary>
    public double ReadFraction { get; init; } = double.NaN;

    /// <summary>How flushes go on the ring.</summary>
    public FlushMode Flush { get; init; } = FlushMode.Auto;

    /// <summary>Byte offset where the workload's region starts (a multiple of 4 KiB; queues use disjoint regions).</summary>
    public ulong RegionStart { get; init; }

    /// <summary>Bytes of the disk the workload uses, from <see cref="RegionStart"/> (0: the rest of the disk, at most 256 MiB).</summary>
    public ulong RegionBytes { get; init; }

    /// <summary>The options with every zero filled by the kind's default.</summary>
    public WorkloadOptions WithDefaults(bool indirect) => this with
    {
        BlockSize = BlockSize > 0 ? BlockSize : Kind switch
        {
            WorkloadKind.Oltp => 8192,
            WorkloadKind.Journal => 4096,
            WorkloadKind.Fileserver => 4096,
            _ => indirect ? 128 * 1024 : 44 * 1024,
        },
        FlushEvery = FlushEvery != 0 ? FlushEvery : Kind switch
        {
            WorkloadKind.Oltp => 16,
            WorkloadKind.Journal => 4,
            WorkloadKind.Fileserver => 64,
            _ => 32,
        },
        ReadFraction = !double.IsNaN(ReadFraction) ? ReadFraction : Kind == WorkloadKind.Fileserver ? 0.6 : 0,
    };
}
