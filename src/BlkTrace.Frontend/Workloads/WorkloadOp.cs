namespace BlkTrace.Frontend.Workloads;

/// <summary>One thing a workload wants done.</summary>
/// <param name="Kind">Read, write or flush.</param>
/// <param name="Sector">First 512-byte sector (data ops).</param>
/// <param name="Sectors">Length in 512-byte sectors (data ops).</param>
/// <param name="WaitForFlush">For a flush: nothing more is issued until it completes (a journal commit).</param>
public readonly record struct WorkloadOp(WorkloadOpKind Kind, ulong Sector, int Sectors, bool WaitForFlush = false);
