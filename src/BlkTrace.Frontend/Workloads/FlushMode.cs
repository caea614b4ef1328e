namespace BlkTrace.Frontend.Workloads;

/// <summary>How a workload's flush intent goes on the ring.</summary>
public enum FlushMode
{
    /// <summary>FLUSH_DISKCACHE if <c>feature-flush-cache</c>, else a 0-segment WRITE_BARRIER if <c>feature-barrier</c>, else nothing.</summary>
    Auto,

    /// <summary>0-segment FLUSH_DISKCACHE.</summary>
    FlushDiskCache,

    /// <summary>0-segment WRITE_BARRIER.</summary>
    Barrier,

    /// <summary>No flushes at all.</summary>
    None,
}
