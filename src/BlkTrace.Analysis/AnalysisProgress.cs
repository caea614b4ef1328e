namespace BlkTrace.Analysis;

/// <summary>How far a scan is: rows done out of the rows the footers announced.</summary>
/// <param name="Rows">Rows scanned.</param>
/// <param name="TotalRows">Rows in the trace.</param>
public readonly record struct AnalysisProgress(long Rows, long TotalRows);
