namespace BlkTrace.Analysis;

/// <summary>All instances of one violation kind: every one counted, the first few kept as examples.</summary>
/// <param name="Kind">The kind.</param>
/// <param name="Count">Every instance in the trace.</param>
/// <param name="Examples">The first instances, in trace order (capped by <see cref="AnalyzerOptions.MaxExamples"/>).</param>
public sealed record ViolationSummary(RingViolationKind Kind, long Count, IReadOnlyList<RingViolation> Examples);
