namespace BlkTrace.Analysis;

/// <summary>One instance of a ring-level violation or protocol fault, with the rows that show it.</summary>
/// <param name="Kind">What was seen.</param>
/// <param name="Queue">The ring.</param>
/// <param name="TsNs">When it became visible (the row that revealed it).</param>
/// <param name="Ids">The offending request ids: the request that completed or arrived first, then the other party if any.</param>
/// <param name="Seqs">The <c>seq</c> of the rows involved, in the same order (request then response rows).</param>
/// <param name="Detail">One line for humans.</param>
public sealed record RingViolation(RingViolationKind Kind, int Queue, long TsNs, IReadOnlyList<ulong> Ids, IReadOnlyList<long> Seqs, string Detail);
