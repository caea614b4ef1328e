namespace BlkTrace.Frontend.Workloads;

/// <summary>What a <see cref="WorkloadOp"/> does.</summary>
public enum WorkloadOpKind
{
    /// <summary>Read.</summary>
    Read,

    /// <summary>Write stamped data.</summary>
    Write,

    /// <summary>A flush intent covering every write completed so far.</summary>
    Flush,
}
