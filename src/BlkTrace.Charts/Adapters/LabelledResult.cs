using BlkTrace.Analysis;

namespace BlkTrace.Charts.Adapters;

/// <summary>One analysed trace and the name it goes by in a legend (a strategy, a replay directory).</summary>
/// <param name="Label">Legend text.</param>
/// <param name="Result">What <see cref="TraceAnalyzer"/> (or <see cref="ReplayAnalysis"/>) found.</param>
public sealed record LabelledResult(string Label, AnalysisResult Result);
