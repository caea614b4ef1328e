using BlkTrace.Trace.Intents;

namespace BlkTrace.Analysis;

/// <summary>
/// Where a trace and its companions are. A replay result directory holds its ring trace in
/// <c>trace/</c> (segments), <c>intents.parquet</c> and optionally <c>summary.json</c>; a capture is a
/// trace file or a directory of segments.
/// </summary>
/// <param name="Name">How reports name it: the directory or file name, never a full path.</param>
/// <param name="Trace">The ring trace (file or segment directory).</param>
/// <param name="Intents">The intent log, when there is one.</param>
/// <param name="Summary">The replay's <c>summary.json</c>, when there is one.</param>
public sealed record ReplayInput(string Name, string Trace, string? Intents, string? Summary)
{
    /// <summary>The ring trace's directory inside a replay result.</summary>
    public const string TraceDirectory = "trace";

    /// <summary>The replay summary's file name.</summary>
    public const string SummaryFile = "summary.json";

    /// <summary>
    /// Resolves <paramref name="path"/>: a replay directory (has <c>trace/</c>), a <c>summary.json</c>
    /// (its directory is the replay), a segment directory or a trace file. <paramref name="intents"/>
    /// overrides the intent log. A path that does not exist is a <see cref="FileNotFoundException"/>.
    /// </summary>
    public static ReplayInput Resolve(string path, string? intents = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        string full = Path.TrimEndingDirectorySeparator(path);
        if (File.Exists(full) && string.Equals(Path.GetFileName(full), SummaryFile, StringComparison.Ordinal))
        {
            string dir = Path.GetDirectoryName(Path.GetFullPath(full))!;
            var replay = Resolve(dir, intents);
            return replay with { Summary = full };
        }

        if (Directory.Exists(full))
        {
            string traceDir = Path.Combine(full, TraceDirectory);
            if (Directory.Exists(traceDir))
            {
                string summary = Path.Combine(full, SummaryFile);
                return new ReplayInput(TraceAnalyzer.NameOf(full), traceDir, intents ?? IntentLogReader(full), File.Exists(summary) ? summary : null);
            }

            return new ReplayInput(TraceAnalyzer.NameOf(full), full, intents ?? IntentLogReader(full), null);
        }

        if (File.Exists(full))
        {
            return new ReplayInput(TraceAnalyzer.NameOf(full), full, intents, null);
        }

        throw new FileNotFoundException($"{path}: no such file or directory", path);
    }

    private static string? IntentLogReader(string dir)
    {
        string file = Path.Combine(dir, IntentLogSchema.FileName);
        return File.Exists(file) ? file : null;
    }
}
