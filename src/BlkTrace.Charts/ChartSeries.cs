namespace BlkTrace.Charts;

/// <summary>One labelled line or set of values.</summary>
/// <param name="Label">Legend text (a strategy, a profile, an op).</param>
/// <param name="X">X values (seconds, categories...).</param>
/// <param name="Y">Y values, as many as <paramref name="X"/>.</param>
public sealed record ChartSeries(string Label, IReadOnlyList<double> X, IReadOnlyList<double> Y);
