using System.Globalization;
using System.Text;
using System.Text.Json;
using BlkTrace.Analysis.Durability;
using BlkTrace.Trace.Intents;

namespace BlkTrace.Analysis.Compare;

/// <summary>
/// One table over many replay results (strategy × profile): IOPS, MB/s, p50/p99 latency, flushes,
/// extra bytes, errors and violations — as aligned text, Markdown, CSV or JSON.
/// </summary>
/// <remarks>
/// An input is a replay result directory (or its <c>summary.json</c>), a trace (file or segment
/// directory) or an analysis JSON file (<c>blkt analyze --json</c>). Strategy and profile come from
/// the trace's <c>blktrace.*</c> metadata, so a replay's <c>trace/</c> directory alone is enough.
/// Extra bytes are the ring's write bytes minus the bytes the intent log's writes asked for, or
/// <c>extra_bytes</c> from <c>summary.json</c> when that has it (see <see cref="ReplaySummaryFigures"/>).
/// </remarks>
public static class ComparisonTable
{
    private static readonly string[] Header =
        ["name", "strategy", "profile", "IOPS", "MB/s", "p50 µs", "p99 µs", "flushes", "extra bytes", "errors", "ring violations", "crash states bad", "crash findings"];

    private static readonly string[] CsvHeader =
        ["name", "strategy", "profile", "timing", "iops", "mb_per_s", "p50_us", "p99_us", "flushes", "extra_bytes", "errors", "ring_violations", "durability_violations", "durability_states", "durability_kinds", "data_mismatches"];

    /// <summary>Analyses (or reads) every input and returns one row each, sorted by profile, strategy, name.</summary>
    public static IReadOnlyList<ComparisonRow> Load(IReadOnlyList<string> inputs, AnalyzerOptions? options = null, CrashExplorationOptions? crash = null, Func<string, Func<IProgress<AnalysisProgress>, AnalysisResult>, AnalysisResult>? run = null, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        run ??= (_, work) => work(new NoProgress());
        var rows = new List<ComparisonRow>();
        foreach (string path in inputs)
        {
            cancel.ThrowIfCancellationRequested();
            if (File.Exists(path) && path.EndsWith(".json", StringComparison.OrdinalIgnoreCase) && Path.GetFileName(path) != ReplayInput.SummaryFile)
            {
                rows.Add(Row(AnalysisJson.Deserialize(File.ReadAllText(path), path)));
                continue;
            }

            var input = ReplayInput.Resolve(path);
            var result = run(input.Name, p => ReplayAnalysis.Run(input, options, crash, p, cancel));
            long? extra = input.Intents is { } log ? ExtraBytes(result, IntentLogReader.Read(log)) : null;
            var summary = input.Summary is { } s ? ReplaySummaryFigures.Read(s) : null;
            rows.Add(Row(result, extra, summary));
        }

        return [.. rows.OrderBy(r => r.Profile, StringComparer.Ordinal).ThenBy(r => r.Strategy, StringComparer.Ordinal).ThenBy(r => r.Name, StringComparer.Ordinal)];
    }

    /// <summary>The row for one result; <paramref name="summary"/> figures win over computed ones.</summary>
    public static ComparisonRow Row(AnalysisResult result, long? extraBytes = null, ReplaySummaryFigures? summary = null)
    {
        ArgumentNullException.ThrowIfNull(result);
        var all = result.LatencyOf(TraceAnalyzer.AllLatency);
        var d = result.Durability is { Explored: true } x ? x : null;
        return new ComparisonRow
        {
            Name = result.Trace.Name,
            Strategy = result.Trace.Strategy ?? summary?.Strategy ?? "-",
            Profile = result.Trace.Profile ?? summary?.Profile ?? "-",
            Timing = result.Trace.TimingMode,
            Iops = result.Throughput.Iops,
            MBps = result.Throughput.MBps,
            P50Us = (all?.P50Ns ?? 0) / 1e3,
            P99Us = (all?.P99Ns ?? 0) / 1e3,
            Flushes = result.Flushes.Requests,
            ExtraBytes = summary?.ExtraBytes ?? extraBytes,
            Errors = result.Ops.Sum(o => o.Error + o.EOpNotSupp + o.OtherStatus),
            RingViolations = result.Violations.Sum(v => v.Count),
            DurabilityViolations = d?.StatesWithViolation,
            DurabilityStates = d?.StatesExplored,
            DurabilityKinds = d is null ? [] : [.. d.Violations.Where(v => v.States > 0).Select(v => AnalysisReport.Name(v.Kind))],
            DataMismatches = summary?.DataMismatches,
        };
    }

    /// <summary>
    /// Bytes the strategy put on the ring beyond what the workload asked: every write request's
    /// bytes (WRITE, barriers and flushes with data, whatever their status) minus the bytes of the
    /// log's write intents.
    /// </summary>
    public static long ExtraBytes(AnalysisResult result, IntentLog log)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(log);
        long ring = result.Ops.Where(o => o.Op is OpClass.Write or OpClass.DataBarrier or OpClass.Flush or OpClass.EmptyBarrier).Sum(o => o.Bytes);
        long asked = log.Rows.Where(r => r.Kind is IntentKind.Write or IntentKind.DurableWrite).Sum(r => r.NrSectors * 512L);
        return ring - asked;
    }

    /// <summary>Renders the rows.</summary>
    public static string Format(IReadOnlyList<ComparisonRow> rows, ComparisonFormat format)
    {
        ArgumentNullException.ThrowIfNull(rows);
        return format switch
        {
            ComparisonFormat.Text => Text(rows),
            ComparisonFormat.Markdown => Markdown(rows),
            ComparisonFormat.Csv => Csv(rows),
            ComparisonFormat.Json => JsonSerializer.Serialize(rows.ToList(), ComparisonJsonContext.Default.ListComparisonRow) + "\n",
            _ => throw new ArgumentOutOfRangeException(nameof(format)),
        };
    }

    private static string[] Cells(ComparisonRow r) =>
    [
        r.Name,
        r.Strategy,
        r.Profile,
        F(r.Iops, "N1"),
        F(r.MBps, "N3"),
        F(r.P50Us, "N3"),
        F(r.P99Us, "N3"),
        F(r.Flushes, "N0"),
        r.ExtraBytes is { } e ? F(e, "N0") : "-",
        F(r.Errors, "N0"),
        F(r.RingViolations, "N0"),
        r.DurabilityStates is { } s ? F(r.DurabilityViolations ?? 0, "N0") + "/" + F(s, "N0") : "-",
        r.DurabilityKinds.Count > 0 ? string.Join(", ", r.DurabilityKinds) : (r.DurabilityStates is null ? "not explored" : "none"),
    ];

    private static string Text(IReadOnlyList<ComparisonRow> rows)
    {
        var table = rows.Select(Cells).Prepend(Header).ToList();
        int[] widths = [.. Enumerable.Range(0, Header.Length).Select(c => table.Max(r => r[c].Length))];
        var o = new StringBuilder();
        foreach (var row in table)
        {
            for (int c = 0; c < row.Length; c++)
            {
                bool left = c is 0 or 1 or 2 or 12;
                string cell = left ? row[c].PadRight(widths[c]) : row[c].PadLeft(widths[c]);
                o.Append(c == 0 ? string.Empty : "  ").Append(c == row.Length - 1 ? cell.TrimEnd() : cell);
            }

            o.Append('\n');
        }

        return o.ToString();
    }

    private static string Markdown(IReadOnlyList<ComparisonRow> rows)
    {
        var o = new StringBuilder();
        o.Append("| ").Append(string.Join(" | ", Header)).Append(" |\n");
        o.Append('|').Append(string.Join('|', Header.Select((_, c) => c is 0 or 1 or 2 or 12 ? "---" : "---:"))).Append("|\n");
        foreach (var r in rows)
        {
            o.Append("| ").Append(string.Join(" | ", Cells(r).Select(c => c.Replace("|", "\\|", StringComparison.Ordinal)))).Append(" |\n");
        }

        return o.ToString();
    }

    private static string Csv(IReadOnlyList<ComparisonRow> rows)
    {
        var o = new StringBuilder();
        o.Append(string.Join(',', CsvHeader)).Append('\n');
        foreach (var r in rows)
        {
            string[] cells =
            [
                Quote(r.Name), Quote(r.Strategy), Quote(r.Profile), Quote(r.Timing ?? string.Empty),
                R(r.Iops), R(r.MBps), R(r.P50Us), R(r.P99Us), I(r.Flushes), I(r.ExtraBytes), I(r.Errors), I(r.RingViolations),
                I(r.DurabilityViolations), I(r.DurabilityStates), Quote(string.Join(';', r.DurabilityKinds)), I(r.DataMismatches),
            ];
            o.Append(string.Join(',', cells)).Append('\n');
        }

        return o.ToString();
    }

    private static string F(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);

    private static string R(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static string I(long? value) => value?.ToString(CultureInfo.InvariantCulture) ?? string.Empty;

    private static string Quote(string value) =>
        value.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;

    private sealed class NoProgress : IProgress<AnalysisProgress>
    {
        public void Report(AnalysisProgress value)
        {
        }
    }
}
