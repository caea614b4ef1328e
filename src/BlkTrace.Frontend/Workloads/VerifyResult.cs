namespace BlkTrace.Frontend.Workloads;

/// <summary>The outcome of reading back everything a workload wrote.</summary>
/// <param name="SectorsChecked">Sectors read back and compared.</param>
/// <param name="Mismatches">Sectors that did not hold the last generation written there.</param>
/// <param name="FirstMismatch">A description of the first mismatch, or null.</param>
public sealed record VerifyResult(long SectorsChecked, long Mismatches, string? FirstMismatch);
