using BlkTrace.Analysis.Scan;
using BlkTrace.Trace;

namespace BlkTrace.Analysis;

/// <summary>Whole-trace entry points.</summary>
public sealed partial class TraceAnalyzer
{
    /// <summary>Analyses a trace file or a directory of segments.</summary>
    public static AnalysisResult Analyze(string path, AnalyzerOptions? options = null, IProgress<AnalysisProgress>? progress = null, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        return Analyze([path], options, progress, cancel);
    }

    /// <summary>
    /// Analyses segments read in the given order (files or directories). The report names the trace
    /// after the first path's last component.
    /// </summary>
    public static AnalysisResult Analyze(IReadOnlyList<string> paths, AnalyzerOptions? options = null, IProgress<AnalysisProgress>? progress = null, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(paths);
        if (paths.Count == 0)
        {
            throw new ArgumentException("no trace given", nameof(paths));
        }

        options ??= new AnalyzerOptions();
        using var source = RowGroupPipeline.Open(paths, Columns, options.Decoders);
        var analyzer = new TraceAnalyzer(source.Metadata, options);
        while (source.MoveNext(cancel))
        {
            analyzer.Add(source.Current);
            progress?.Report(new AnalysisProgress(analyzer.Rows, source.RowCount));
        }

        return analyzer.Complete(NameOf(paths[0]));
    }

    /// <summary>Analyses rows already in memory (tests, converters).</summary>
    public static AnalysisResult Analyze(IEnumerable<RingEvent> rows, TraceMetadata metadata, AnalyzerOptions? options = null, string name = "events")
    {
        ArgumentNullException.ThrowIfNull(rows);
        var analyzer = new TraceAnalyzer(metadata, options);
        var batch = new RingEventBatch(1024);
        foreach (var row in rows)
        {
            batch.Add(row);
            if (batch.Count == 1024)
            {
                analyzer.Add(batch);
                batch.Clear();
            }
        }

        analyzer.Add(batch);
        return analyzer.Complete(name);
    }

    /// <summary>How reports name a path: its last component, never its directories.</summary>
    public static string NameOf(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        string name = Path.GetFileName(Path.TrimEndingDirectorySeparator(path));
        return name.Length > 0 ? name : path;
    }
}
