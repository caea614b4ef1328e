using System.Text.Json;
using BlkTrace.Analysis.Durability;
using BlkTrace.Trace.Intents;

namespace BlkTrace.Analysis.Compare;

/// <summary>
/// One table over many replay results (strategy × profile): IOPS, MB/s, p50/p99 latency, flush
/// intents and their fate, extra bytes, errors, ring-level violations and crash-state findings — as
/// aligned text, Markdown, CSV or JSON. What <c>blkt compare</c> and <c>blkt demo</c> print.
/// </summary>
/// <remarks>
/// An input is a matrix directory (every cell, see <see cref="ComparisonInputs"/>), a replay result
/// directory (<c>trace/</c>, <c>intents.parquet</c>, optional <c>summary.json</c>) or its
/// <c>summary.json</c>, a trace (file or segment directory) or an analysis JSON file
/// (<c>blkt analyze --json</c>). Strategy and profile come from the trace's <c>blktrace.*</c> metadata,
/// so a replay's directory without its summary is enough; the summary adds extra bytes, data
/// mismatches and the strategy's detail (<see cref="ReplaySummaryFigures"/>). Crash states are
/// explored from the intent log where the store models a volatile write cache (<c>mem:SIZE,cache</c>).
/// </remarks>
public static class ComparisonTable
{
    /// <summary>
    /// Analyses (or reads) every input and returns one row each, sorted by profile, strategy, name.
    /// <paramref name="crash"/> null skips crash-state exploration; <paramref name="run"/> wraps each
    /// input's analysis (progress display), given the input's name.
    /// </summary>
    public static IReadOnlyList<ComparisonRow> Load(IReadOnlyList<string> inputs, AnalyzerOptions? options = null, CrashExplorationOptions? crash = null, Func<string, Func<IProgress<AnalysisProgress>, AnalysisResult>, AnalysisResult>? run = null, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        if (inputs.Count == 0)
        {
            throw new ArgumentException("RESULT: give at least one replay, matrix or trace");
        }

        run ??= (_, work) => work(new NoProgress());
        var rows = new List<ComparisonRow>();
        foreach (string path in ComparisonInputs.Expand(inputs))
        {
            cancel.ThrowIfCancellationRequested();
            if (File.Exists(path) && path.EndsWith(".json", StringComparison.OrdinalIgnoreCase) && Path.GetFileName(path) != ReplayInput.SummaryFile)
            {
                rows.Add(Row(AnalysisJson.Deserialize(File.ReadAllText(path), path)));
                continue;
            }

            var input = ReplayInput.Resolve(path);
            var result = run(input.Name, p => ReplayAnalysis.Run(input, options, crash, p, cancel));
            var summary = input.Summary is { } s ? ReplaySummaryFigures.Read(s) : null;
            IntentFigures? figures = null;
            long? extra = null;
            if (input.Intents is { } file)
            {
                var log = IntentLogReader.Read(file);
                figures = IntentFigureCalculator.Compute(log, input.Trace, summary?.FirstWorkloadIntent ?? 0);
                extra = ExtraBytes(result, log);
            }

            rows.Add(Row(result, figures, extra, summary));
        }

        return [.. rows.OrderBy(r => r.Profile, StringComparer.Ordinal).ThenBy(r => r.Strategy, StringComparer.Ordinal).ThenBy(r => r.Name, StringComparer.Ordinal)];
    }

    /// <summary>
    /// The row for one result. With <paramref name="intents"/> rates and latency are the workload's
    /// (guest-visible); without, the ring's. <paramref name="summary"/> figures win over computed ones.
    /// </summary>
    public static ComparisonRow Row(AnalysisResult result, IntentFigures? intents = null, long? extraBytes = null, ReplaySummaryFigures? summary = null)
    {
        ArgumentNullException.ThrowIfNull(result);
        var all = result.LatencyOf(TraceAnalyzer.AllLatency);
        var durability = result.Durability;
        var d = durability is { Explored: true } x ? x : null;
        return new ComparisonRow
        {
            Name = result.Trace.Name,
            Strategy = result.Trace.Strategy ?? summary?.Strategy ?? "-",
            Profile = result.Trace.Profile ?? summary?.Profile ?? "-",
            Timing = result.Trace.TimingMode,
            Store = result.Trace.Store,
            StrategyDetail = summary?.StrategyDetail,
            Basis = intents is null ? "ring" : "guest",
            Iops = intents?.Iops ?? result.Throughput.Iops,
            MBps = intents?.MBps ?? result.Throughput.MBps,
            P50Us = intents?.P50Us ?? (all?.P50Ns ?? 0) / 1e3,
            P99Us = intents?.P99Us ?? (all?.P99Ns ?? 0) / 1e3,
            RingFlushes = result.Flushes.Requests,
            FlushIntents = intents?.FlushIntents,
            FlushesToldOkay = intents?.FlushesToldOkay,
            FlushesToldError = intents is null ? null : intents.FlushesToldError + intents.FlushesToldNotSupported,
            FlushesNeverTold = intents?.FlushesNeverTold,
            FlushesOkayWithoutRingOkay = intents?.FlushesOkayWithoutRingOkay,
            FlushFates = intents?.FlushFates ?? [],
            ExtraBytes = summary?.ExtraBytes ?? extraBytes,
            GuestErrors = intents?.GuestErrors,
            RingErrors = result.Ops.Sum(o => o.Error + o.EOpNotSupp + o.OtherStatus),
            RingViolations = result.Violations.Sum(v => v.Count),
            RingViolationKinds = [.. result.Violations.Where(v => v.Count > 0).Select(v => $"{RingViolations.Name(v.Kind)} {v.Count}")],
            DurabilityViolations = d?.StatesWithViolation,
            DurabilityStates = d?.StatesExplored,
            DurabilityKinds = d is null ? [] : [.. d.Violations.Where(v => v.States > 0).Select(v => AnalysisReport.Name(v.Kind))],
            DurabilityNote = durability is null ? null : durability.Note.Length > 0 ? durability.Note : null,
            DataMismatches = summary?.DataMismatches,
            Abandoned = summary?.Abandoned,
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
            ComparisonFormat.Text => ComparisonFormatter.Text(rows),
            ComparisonFormat.Markdown => ComparisonFormatter.Markdown(rows),
            ComparisonFormat.Csv => ComparisonFormatter.Csv(rows),
            ComparisonFormat.Json => JsonSerializer.Serialize(rows.ToList(), ComparisonJsonContext.Default.ListComparisonRow) + "\n",
            _ => throw new ArgumentOutOfRangeException(nameof(format)),
        };
    }

    /// <summary>Parses a <c>--format</c> value: <c>text</c>, <c>md</c> (or <c>markdown</c>), <c>csv</c>, <c>json</c>.</summary>
    public static ComparisonFormat ParseFormat(string value) => value switch
    {
        "text" => ComparisonFormat.Text,
        "md" or "markdown" => ComparisonFormat.Markdown,
        "csv" => ComparisonFormat.Csv,
        "json" => ComparisonFormat.Json,
        _ => throw new ArgumentException($"--format {value}: expected text, md, csv or json"),
    };

    private sealed class NoProgress : IProgress<AnalysisProgress>
    {
        public void Report(AnalysisProgress value)
        {
        }
    }
}
