namespace BlkTrace.Analysis;

/// <summary>Requests of one class that ended one way: the cells of the counts-by-op-and-status table (the SQL file's rows).</summary>
/// <param name="Op">The class.</param>
/// <param name="Outcome">How they ended.</param>
/// <param name="Count">Requests.</param>
/// <param name="Bytes">Sum of <c>nr_sectors</c> × 512.</param>
public sealed record OpStatusCount(OpClass Op, Outcome Outcome, long Count, long Bytes);
