using BlkTrace.Frontend.Workloads;

namespace BlkTrace.Cli.Demo;

/// <summary>
/// The workload <c>blkt demo</c> captures: an OLTP-like mix (8 KiB random writes, a quarter reads,
/// a flush every 8 writes) on one queue. Sized so that the 56-pair matrix, the analysis and the
/// charts finish in about a minute on 2 cores; <see cref="Requests"/> scales all of it.
/// </summary>
public sealed record DemoWorkload
{
    /// <summary>Requests the guest issues (reads, writes and flushes).</summary>
    public long Requests { get; init; } = 2400;

    /// <summary>Seed of the workload and of crash exploration.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Size of the captured disk.</summary>
    public ulong DiskBytes { get; init; } = 64UL << 20;

    /// <summary>Profile of the backend the workload is captured through (any profile with FLUSH_DISKCACHE).</summary>
    public string CaptureProfile { get; init; } = "linux";

    /// <summary>The generator's options.</summary>
    public WorkloadOptions Options => new()
    {
        Kind = WorkloadKind.Oltp,
        Seed = Seed,
        QueueDepth = 16,
        MaxRequests = Requests,
        ReadFraction = 0.25,
        FlushEvery = 8,
        Flush = FlushMode.Auto,
    };
}
