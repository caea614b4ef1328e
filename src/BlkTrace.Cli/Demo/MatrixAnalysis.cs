using BlkTrace.Analysis;
using BlkTrace.Analysis.Compare;
using BlkTrace.Analysis.Durability;
using BlkTrace.Charts.Adapters;
using BlkTrace.Replay;

namespace BlkTrace.Cli.Demo;

/// <summary>
/// A replay matrix directory (<c>blkt matrix</c> output: <c>matrix.json</c> and one replay directory
/// per pair) analysed: one <c>blkt compare</c> row per pair, and each pair's full analysis for the
/// time-series charts. The compare table does the analysing; this only keeps what it computed.
/// </summary>
/// <param name="Matrix">The matrix as <c>matrix.json</c> lists it.</param>
/// <param name="Rows">One comparison row per pair, sorted as <see cref="ComparisonTable.Load"/> sorts them.</param>
/// <param name="Results">Each pair's analysis, by its directory name (<c>STRATEGY_PROFILE</c>).</param>
public sealed record MatrixAnalysis(MatrixResult Matrix, IReadOnlyList<ComparisonRow> Rows, IReadOnlyDictionary<string, AnalysisResult> Results)
{
    /// <summary>
    /// Time-series bin for charts: start at 1 ms and let the analyzer double it until at most 40 bins
    /// cover the trace (more bins over a sub-second afap replay are mostly noise).
    /// </summary>
    public static AnalyzerOptions ChartAnalyzerOptions => new() { BinNs = 1_000_000, MaxBins = 40 };

    /// <summary>True when <paramref name="directory"/> holds a <c>matrix.json</c>.</summary>
    public static bool IsMatrix(string directory) => File.Exists(Path.Combine(directory, MatrixResult.FileName));

    /// <summary>Analyses every pair of the matrix in <paramref name="directory"/>; <paramref name="progress"/> gets (pairs done, total, pair name).</summary>
    public static MatrixAnalysis Run(string directory, CrashExplorationOptions? crash, Action<int, int, string>? progress, CancellationToken cancel)
    {
        ArgumentNullException.ThrowIfNull(directory);
        var matrix = MatrixRunner.Read(directory);
        var inputs = matrix.Cells.Select(c => Path.Combine(directory, c.Directory)).ToList();
        var results = new Dictionary<string, AnalysisResult>(StringComparer.Ordinal);
        var rows = ComparisonTable.Load(inputs, ChartAnalyzerOptions, crash, (name, work) =>
        {
            progress?.Invoke(results.Count, inputs.Count, name);
            var result = work(NoProgress.Instance);
            results[name] = result;
            return result;
        }, cancel);
        progress?.Invoke(inputs.Count, inputs.Count, string.Empty);
        return new MatrixAnalysis(matrix, rows, results);
    }

    /// <summary>The pair's analysis, or null when the matrix has no such pair.</summary>
    public AnalysisResult? Of(string strategy, string profile) =>
        Matrix.Cells.FirstOrDefault(c => c.Strategy == strategy && c.Profile == profile) is { } cell && Results.TryGetValue(Path.GetFileName(cell.Directory), out var r) ? r : null;

    /// <summary>The comparison row of a pair, or null.</summary>
    public ComparisonRow? Row(string strategy, string profile) => Rows.FirstOrDefault(r => r.Strategy == strategy && r.Profile == profile);

    /// <summary>Every strategy's analysis against <paramref name="profile"/>, in matrix order, labelled by strategy.</summary>
    public IReadOnlyList<LabelledResult> AgainstProfile(string profile) =>
        [.. Matrix.Strategies.Select(s => (s, Of(s, profile))).Where(x => x.Item2 is not null).Select(x => new LabelledResult(x.s, x.Item2!))];

    private sealed class NoProgress : IProgress<AnalysisProgress>
    {
        public static readonly NoProgress Instance = new();

        public void Report(AnalysisProgress value)
        {
        }
    }
}
