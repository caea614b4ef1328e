namespace BlkTrace.Frontend.Conformance;

/// <summary>One request of the conformance suite: a stable name (the table's row) and what it sends.</summary>
/// <param name="Name">The row name, e.g. <c>flush-0seg</c> or <c>write-bad-gref</c>.</param>
/// <param name="Description">What goes on the ring, in words.</param>
/// <param name="Malformed">True when no backend should accept it (the spec says ERROR or worse).</param>
public sealed record ConformanceCase(string Name, string Description, bool Malformed);
