using System.Globalization;
using System.Text;

namespace BlkTrace.Analysis.Compare;

/// <summary>Text, Markdown and CSV renderings of comparison rows (invariant culture throughout).</summary>
internal static class ComparisonFormatter
{
    private static readonly string[] Columns =
        ["profile", "strategy", "IOPS", "MB/s", "p50 µs", "p99 µs", "flushes", "told OK", "unbacked", "flush fate (most frequent)", "extra bytes", "guest err", "ring err", "ring viol.", "crash bad/states", "crash findings"];

    private static readonly bool[] LeftAligned =
        [true, true, false, false, false, false, false, false, false, true, false, false, false, false, false, true];

    private static readonly string[] CsvHeader =
    [
        "name", "profile", "strategy", "timing", "store", "basis", "iops", "mb_per_s", "p50_us", "p99_us", "ring_flushes", "flush_intents",
        "flushes_told_okay", "flushes_told_error", "flushes_never_told", "flushes_okay_without_ring_okay", "flush_fates", "extra_bytes",
        "guest_errors", "ring_errors", "ring_violations", "ring_violation_kinds", "durability_violations", "durability_states",
        "durability_kinds", "durability_note", "data_mismatches", "abandoned", "strategy_detail",
    ];

    private static readonly string[] Legend =
    [
        "IOPS, MB/s, p50/p99: what the workload saw in a replay (intent log, issue to told); a row whose strategy is '-' is a capture, measured on the ring.",
        "flushes: flush intents (ring flushes for a capture); told OK: flush intents told OKAY; unbacked: told OKAY although nothing was sent or the ring did not answer OKAY.",
        "extra bytes: written by the strategy beyond the workload's writes; guest err: intents told an error; ring err: ring responses other than OKAY; ring viol.: ring-level violations and protocol faults.",
        "crash bad/states: crash states showing a durability violation / states explored (replays on a mem:SIZE,cache store); crash findings: the kinds found.",
    ];

    public static string Text(IReadOnlyList<ComparisonRow> rows)
    {
        bool named = NeedsName(rows);
        var header = named ? Columns.Prepend("name").ToArray() : Columns;
        var left = named ? LeftAligned.Prepend(true).ToArray() : LeftAligned;
        var table = rows.Select(r => Cells(r, named)).Prepend(header).ToList();
        int[] widths = [.. Enumerable.Range(0, header.Length).Select(c => table.Max(r => r[c].Length))];
        var o = new StringBuilder();
        foreach (var row in table)
        {
            var line = new StringBuilder();
            for (int c = 0; c < row.Length; c++)
            {
                line.Append(c == 0 ? string.Empty : "  ").Append(left[c] ? row[c].PadRight(widths[c]) : row[c].PadLeft(widths[c]));
            }

            o.Append(line.ToString().TrimEnd()).Append('\n');
        }

        o.Append('\n');
        foreach (string l in Legend)
        {
            o.Append(l).Append('\n');
        }

        return o.ToString();
    }

    public static string Markdown(IReadOnlyList<ComparisonRow> rows)
    {
        bool named = NeedsName(rows);
        var header = named ? Columns.Prepend("name").ToArray() : Columns;
        var left = named ? LeftAligned.Prepend(true).ToArray() : LeftAligned;
        var o = new StringBuilder();
        o.Append("| ").Append(string.Join(" | ", header)).Append(" |\n");
        o.Append('|').Append(string.Join('|', left.Select(l => l ? "---" : "---:"))).Append("|\n");
        foreach (var r in rows)
        {
            o.Append("| ").Append(string.Join(" | ", Cells(r, named).Select(c => c.Replace("|", "\\|", StringComparison.Ordinal)))).Append(" |\n");
        }

        o.Append('\n');
        foreach (string l in Legend)
        {
            o.Append(l).Append("  \n");
        }

        return o.ToString();
    }

    public static string Csv(IReadOnlyList<ComparisonRow> rows)
    {
        var o = new StringBuilder();
        o.Append(string.Join(',', CsvHeader)).Append('\n');
        foreach (var r in rows)
        {
            string[] cells =
            [
                Quote(r.Name), Quote(r.Profile), Quote(r.Strategy), Quote(r.Timing ?? string.Empty), Quote(r.Store ?? string.Empty), r.Basis,
                R(r.Iops), R(r.MBps), R(r.P50Us), R(r.P99Us), I(r.RingFlushes), I(r.FlushIntents),
                I(r.FlushesToldOkay), I(r.FlushesToldError), I(r.FlushesNeverTold), I(r.FlushesOkayWithoutRingOkay),
                Quote(string.Join("; ", r.FlushFates.Select(f => string.Create(CultureInfo.InvariantCulture, $"{f.Count} {f}")))), I(r.ExtraBytes),
                I(r.GuestErrors), I(r.RingErrors), I(r.RingViolations), Quote(string.Join("; ", r.RingViolationKinds)),
                I(r.DurabilityViolations), I(r.DurabilityStates), Quote(string.Join("; ", r.DurabilityKinds)), Quote(r.DurabilityNote ?? string.Empty),
                I(r.DataMismatches), Quote(r.Abandoned ?? string.Empty), Quote(r.StrategyDetail ?? string.Empty),
            ];
            o.Append(string.Join(',', cells)).Append('\n');
        }

        return o.ToString();
    }

    /// <summary>A name column only when some row is not simply <c>STRATEGY_PROFILE</c> (a matrix cell).</summary>
    private static bool NeedsName(IReadOnlyList<ComparisonRow> rows) =>
        rows.Any(r => r.Name != $"{r.Strategy}_{r.Profile}") || rows.Select(r => (r.Strategy, r.Profile)).Distinct().Count() != rows.Count;

    private static string[] Cells(ComparisonRow r, bool named)
    {
        string[] cells =
        [
            r.Profile,
            r.Strategy,
            F(r.Iops, "N0"),
            F(r.MBps, "N2"),
            F(r.P50Us, "N1"),
            F(r.P99Us, "N1"),
            F(r.FlushIntents ?? r.RingFlushes, "N0"),
            r.FlushesToldOkay is { } ok ? F(ok, "N0") : "-",
            r.FlushesOkayWithoutRingOkay is { } un ? F(un, "N0") : "-",
            Fate(r),
            r.ExtraBytes is { } e ? F(e, "N0") : "-",
            r.GuestErrors is { } g ? F(g, "N0") : "-",
            F(r.RingErrors, "N0"),
            F(r.RingViolations, "N0"),
            r.DurabilityStates is { } s ? F(r.DurabilityViolations ?? 0, "N0") + "/" + F(s, "N0") : "-",
            r.DurabilityKinds.Count > 0 ? string.Join(", ", r.DurabilityKinds) : (r.DurabilityStates is null ? "not explored" : "none"),
        ];
        return named ? [r.Name, .. cells] : cells;
    }

    private static string Fate(ComparisonRow r)
    {
        if (r.FlushFates.Count == 0)
        {
            return r.FlushIntents is null ? "-" : "no flushes";
        }

        var top = r.FlushFates[0];
        string more = r.FlushFates.Count > 1 ? string.Create(CultureInfo.InvariantCulture, $" (+{r.FlushFates.Count - 1} more)") : string.Empty;
        return string.Create(CultureInfo.InvariantCulture, $"{top.Count:N0}× {top}{more}");
    }

    private static string F(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);

    private static string R(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static string I(long? value) => value?.ToString(CultureInfo.InvariantCulture) ?? string.Empty;

    private static string Quote(string value) =>
        value.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
}
