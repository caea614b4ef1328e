using BlkTrace.Replay.Output;

namespace BlkTrace.Replay;

/// <summary>A finished replay: where its outputs are and what they say.</summary>
/// <param name="Directory">The replay directory.</param>
/// <param name="Summary">What <c>summary.json</c> holds.</param>
/// <param name="TracePath">The replay trace directory (null for a vbd target: the backend's <c>--trace</c> is the replay trace).</param>
/// <param name="IntentsPath">The intent log.</param>
/// <param name="SummaryPath">The summary.</param>
public sealed record ReplayResult(string Directory, ReplaySummary Summary, string? TracePath, string IntentsPath, string SummaryPath)
{
    /// <summary>Why issues were late, as the issuing thread saw it (machine-dependent; not in <c>summary.json</c>).</summary>
    public IssueDiagnostics? Diagnostics { get; init; }
}
