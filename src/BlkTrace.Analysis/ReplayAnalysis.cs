using BlkTrace.Analysis.Durability;
using BlkTrace.Trace.Intents;

namespace BlkTrace.Analysis;

/// <summary>
/// Analyses a capture or a replay result: the streaming analysis of its ring trace and, when an
/// intent log is there, crash-state exploration. What <c>blkt analyze</c> and <c>blkt compare</c> run.
/// </summary>
public static class ReplayAnalysis
{
    /// <summary>Analyses <paramref name="input"/>; <paramref name="crash"/> null skips crash-state exploration.</summary>
    public static AnalysisResult Run(ReplayInput input, AnalyzerOptions? options = null, CrashExplorationOptions? crash = null, IProgress<AnalysisProgress>? progress = null, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var result = TraceAnalyzer.Analyze([input.Trace], options, progress, cancel);
        result = result with { Trace = result.Trace with { Name = input.Name } };
        if (crash is null || input.Intents is null)
        {
            return result;
        }

        var log = IntentLogReader.Read(input.Intents);
        return result with { Durability = CrashExplorer.Explore(input.Trace, log, crash, cancel) };
    }
}
