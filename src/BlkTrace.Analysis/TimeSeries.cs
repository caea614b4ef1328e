namespace BlkTrace.Analysis;

/// <summary>IOPS, throughput and queue depth over time, from the bin of the first row to the bin of the last.</summary>
/// <param name="BinNs">Bin width (the requested one, doubled as often as <see cref="AnalyzerOptions.MaxBins"/> required).</param>
/// <param name="Bins">Every bin in order, empty ones included.</param>
/// <param name="Rings">Queue depth per ring.</param>
public sealed record TimeSeries(long BinNs, IReadOnlyList<TimeBin> Bins, IReadOnlyList<RingSeries> Rings);
