namespace BlkTrace.Frontend.Workloads;

/// <summary>The built-in workload shapes.</summary>
public enum WorkloadKind
{
    /// <summary>Random 8 KiB writes; a group-commit flush after every N writes have completed.</summary>
    Oltp,

    /// <summary>Sequential 4 KiB appends; a commit of N appends, then a flush the next commit waits for.</summary>
    Journal,

    /// <summary>Random reads and writes of mixed sizes (4–44 KiB); an occasional flush.</summary>
    Fileserver,

    /// <summary>Large sequential writes (44 KiB, or 128 KiB as INDIRECT when the backend offers it).</summary>
    Streaming,
}
