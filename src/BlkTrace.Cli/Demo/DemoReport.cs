using System.Globalization;
using System.Text;
using BlkTrace.Analysis;
using BlkTrace.Analysis.Compare;
using BlkTrace.Replay;

namespace BlkTrace.Cli.Demo;

/// <summary>
/// The Markdown report of <c>blkt demo</c>: what ran, a verdict per strategy × profile, findings in
/// blkif terms (which strategies lose durability against which backends and how, which get errors,
/// what the safe ones cost), and the charts. Every statement is computed from the matrix and its
/// analysis, so the report says what this run saw, not what the documentation expects.
/// </summary>
public static class DemoReport
{
    /// <summary>The report's file name.</summary>
    public const string FileName = "report.md";

    /// <summary>Heading of the findings section (tests and the README quote it).</summary>
    public const string FindingsHeading = "## Findings";

    /// <summary>Everything the report is built from.</summary>
    /// <param name="Analysis">The analysed matrix.</param>
    /// <param name="Capture">What the capture did.</param>
    /// <param name="ReferenceProfile">The profile the per-strategy charts and cost table use.</param>
    /// <param name="Charts">Chart files, relative to the report, PNG first.</param>
    /// <param name="Timings">Seconds per stage, in order.</param>
    public sealed record Input(MatrixAnalysis Analysis, DemoCapture.Result Capture, string ReferenceProfile, IReadOnlyList<string> Charts, IReadOnlyList<(string Stage, double Seconds)> Timings);

    /// <summary>Builds the report.</summary>
    public static string Build(Input input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var a = input.Analysis;
        var m = a.Matrix;
        var o = new StringBuilder();
        o.Append("# BlkTrace demo report\n\n");
        o.Append("A guest workload was captured through a real `blkt backend` process with the ring tap on, then replayed under every ")
            .Append("barrier/flush strategy against every backend profile (in-process backends on a `mem,cache` store: a volatile ")
            .Append("write cache, so a flush that never reaches the store shows up as lost data at a simulated crash). Each replay was ")
            .Append("analysed: ring-level ordering checks and crash-state exploration under the dm-log-writes rule.\n\n");
        o.Append("- Capture: ").Append(Escape(input.Capture.Workload)).Append('\n');
        o.Append(Inv($"- Matrix: {m.Strategies.Count} strategies × {m.Profiles.Count} profiles = {m.Cells.Count} replays, {m.Timing} timing, store `{m.Store}`\n"));
        o.Append("- Time: ").Append(string.Join(", ", input.Timings.Select(t => Inv($"{t.Stage} {t.Seconds:0.0} s")))).Append(Inv($" (total {input.Timings.Sum(t => t.Seconds):0.0} s)\n\n"));

        o.Append("## Verdict per strategy × backend profile\n\n");
        o.Append("| strategy | ").Append(string.Join(" | ", m.Profiles)).Append(" |\n");
        o.Append("|---|").Append(string.Concat(m.Profiles.Select(_ => "---|"))).Append('\n');
        foreach (string s in m.Strategies)
        {
            o.Append("| ").Append(s).Append(" | ");
            o.Append(string.Join(" | ", m.Profiles.Select(p => Cell(a, s, p) is { } c ? PairVerdicts.Word(PairVerdicts.Of(c, a.Row(s, p))) : "–")));
            o.Append(" |\n");
        }

        o.Append("\n**LOSES DATA**: some simulated crash state lacks a write the guest was told was durable (or breaks barrier order, or holds reverted data). ")
            .Append("**errors**: the guest was told ERROR/EOPNOTSUPP (it knows). **unbacked OK**: flushes told OKAY with no OKAY from the ring. **safe**: none of these.\n\n");

        o.Append(FindingsHeading).Append("\n\n");
        Findings(o, a, input.ReferenceProfile);

        o.Append("Terms: `lost-durable-write` — a write completed before a flush the guest was told succeeded is missing after the crash; ")
            .Append("`broken-barrier-prefix` — a write issued after a barrier completed is durable while one completed before it is not; ")
            .Append("`flush-failed` — a flush or barrier answered ERROR/EOPNOTSUPP; `flush-not-honoured` — answered OKAY with no store flush in between.\n\n");
        o.Append("## Charts\n\n");
        foreach (string chart in input.Charts.Where(c => c.EndsWith(".png", StringComparison.Ordinal)))
        {
            string svg = Path.ChangeExtension(chart, ".svg");
            o.Append("![").Append(Path.GetFileNameWithoutExtension(chart)).Append("](").Append(chart).Append(')');
            o.Append(input.Charts.Contains(svg) ? $" ([SVG]({svg}))" : string.Empty).Append("\n\n");
        }

        o.Append("## Files\n\n");
        o.Append("- `matrix.md`, `matrix.csv`, `matrix.json`: the full comparison (IOPS, MB/s, latency, flushes, extra bytes, errors, violations, crash states) per pair, as `blkt compare` prints it\n");
        o.Append("- `replays/STRATEGY_PROFILE/`: each replay (`trace/`, `intents.parquet`, `summary.json`); `replays/matrix.json`: what each pair's flush intents became\n");
        o.Append("- `capture/`: the captured trace (Parquet segments, trace schema v1)\n");
        o.Append("- `charts/`: PNG and SVG of every chart\n\n");
        o.Append("Figures are from afap replays on in-process backends, on whatever else this machine was doing: compare orders of magnitude, not digits. ")
            .Append("Verdicts do not depend on timing. Re-run one pair with `blkt replay capture --strategy S --profile P --store mem,cache -o DIR` and `blkt analyze DIR`.\n");
        return o.ToString();
    }

    private static void Findings(StringBuilder o, MatrixAnalysis a, string reference)
    {
        var m = a.Matrix;
        var pairs = m.Cells.Select(c => (Cell: c, Row: a.Row(c.Strategy, c.Profile), Verdict: PairVerdicts.Of(c, a.Row(c.Strategy, c.Profile)))).ToList();
        int lose = pairs.Count(p => p.Verdict == PairVerdict.LosesData);
        int loud = pairs.Count(p => p.Verdict == PairVerdict.Errors);
        var everywhere = m.Strategies.Where(s => pairs.Where(p => p.Cell.Strategy == s).All(p => p.Verdict == PairVerdict.Safe)).ToList();
        o.Append("In short:\n\n");
        o.Append(Inv($"- {lose} of {pairs.Count} pairs lose data the guest was told was durable, with no error to warn it; {loud} more answer the guest ERROR or EOPNOTSUPP.\n"));
        o.Append("- Safe against every profile: ").Append(everywhere.Count == 0 ? "no strategy (see the per-profile list below)" : string.Join(", ", everywhere)).Append(".\n");
        var hopeless = m.Profiles.Where(p => pairs.Where(x => x.Cell.Profile == p).All(x => x.Verdict != PairVerdict.Safe)).ToList();
        if (everywhere.Count == 0 && hopeless.Count > 0 && hopeless.Count < m.Profiles.Count)
        {
            var elsewhere = m.Strategies.Where(s => pairs.Where(p => p.Cell.Strategy == s && !hopeless.Contains(p.Cell.Profile)).All(p => p.Verdict == PairVerdict.Safe)).ToList();
            o.Append("- No strategy is safe against ").Append(string.Join(", ", hopeless.Select(p => "`" + p + "`")))
                .Append("; against every other profile: ").Append(elsewhere.Count == 0 ? "none" : string.Join(", ", elsewhere)).Append(".\n");
        }

        o.Append("- A backend that answers a flush or barrier OKAY without flushing its store (`flush-not-honoured` on the ring) loses data whatever the frontend does; ")
            .Append("a frontend that tells the guest OKAY for a flush it never sent (or whose ERROR it hid) loses data against a backend that would have been safe.\n\n");

        o.Append("### Silent durability loss\n\n");
        var losing = pairs.Where(p => p.Verdict == PairVerdict.LosesData).ToList();
        if (losing.Count == 0)
        {
            o.Append("No strategy lost acknowledged data against any profile in the crash states explored.\n\n");
        }

        foreach (var group in losing.GroupBy(p => p.Cell.Strategy))
        {
            o.Append("- **").Append(group.Key).Append("** loses writes the guest was told were durable against ")
                .Append(string.Join(", ", group.Select(p => "`" + p.Cell.Profile + "`"))).Append(":\n");
            foreach (var (cell, row, _) in group)
            {
                o.Append("  - `").Append(cell.Profile).Append("`: ").Append(Escape(cell.StrategyDetail)).Append("; flushes: ").Append(Escape(cell.FlushBecame));
                if (cell.FlushesOkayWithoutRingOkay > 0)
                {
                    o.Append(Inv($"; {cell.FlushesOkayWithoutRingOkay:N0} of {cell.Flushes:N0} flush intents told OKAY without an OKAY from the ring"));
                }

                o.Append(Inv($"; {row!.DurabilityViolations:N0} of {row.DurabilityStates:N0} crash states bad ({string.Join(", ", row.DurabilityKinds)})"));
                string ring = RingKinds(a, cell);
                o.Append(ring.Length > 0 ? "; ring: " + ring : string.Empty).Append('\n');
            }

            // One concrete crash state per strategy, so the reader sees what "lost" means here.
            var first = group.First().Cell;
            var example = a.Of(first.Strategy, first.Profile)?.Durability?.Violations.SelectMany(v => v.Examples).FirstOrDefault();
            if (example is not null)
            {
                o.Append("  - e.g. against `").Append(first.Profile).Append("`: ").Append(Escape(example.Detail)).Append('\n');
            }
        }

        if (losing.Count > 0)
        {
            o.Append('\n');
        }

        o.Append("### Flushes that fail back to the guest\n\n");
        var failing = pairs.Where(p => p.Cell.FlushesToldError > 0 || p.Cell.FlushesToldNotSupported > 0 || p.Cell.GuestErrors > 0).ToList();
        if (failing.Count == 0)
        {
            o.Append("No pair answered the guest with ERROR or EOPNOTSUPP.\n\n");
        }

        foreach (var group in failing.GroupBy(p => (p.Cell.Strategy, p.Cell.FlushBecame)))
        {
            var first = group.First().Cell;
            o.Append("- **").Append(group.Key.Strategy).Append("**: ").Append(Escape(group.Key.FlushBecame)).Append(" against ")
                .Append(string.Join(", ", group.Select(p => "`" + p.Cell.Profile + "`")));
            long flushFailures = first.FlushesToldError + first.FlushesToldNotSupported;
            o.Append(flushFailures > 0
                ? Inv($" ({flushFailures:N0} of {first.Flushes:N0} flush intents failed; {first.GuestErrors:N0} requests told ERROR)")
                : Inv($": flushes send nothing, but {first.GuestErrors:N0} writes (each a WRITE_BARRIER with data) were told ERROR"));
            o.Append(first.DurableWritesToldError > 0 ? Inv($"; {first.DurableWritesToldError:N0} durable writes (WRITE_BARRIER with data) told ERROR") : string.Empty).Append('\n');
        }

        if (failing.Count > 0)
        {
            o.Append('\n');
        }

        var unbacked = pairs.Where(p => p.Verdict == PairVerdict.Unbacked).ToList();
        if (unbacked.Count > 0)
        {
            o.Append("### Flushes acknowledged without reaching the ring (no loss seen)\n\n");
            foreach (var (cell, _, _) in unbacked)
            {
                o.Append("- **").Append(cell.Strategy).Append("** against `").Append(cell.Profile).Append("`: ").Append(Escape(cell.StrategyDetail))
                    .Append(Inv($"; {cell.FlushesOkayWithoutRingOkay:N0} of {cell.Flushes:N0} flush intents told OKAY without an OKAY from the ring\n"));
            }

            o.Append('\n');
        }

        o.Append("### What each strategy costs\n\n");
        Cost(o, a, reference);

        o.Append("### Safe strategies per backend profile\n\n");
        foreach (string p in m.Profiles)
        {
            var safe = pairs.Where(x => x.Cell.Profile == p && x.Verdict == PairVerdict.Safe).Select(x => x.Cell.Strategy).ToList();
            var auto = Cell(a, "auto", p);
            o.Append("- `").Append(p).Append("`: ").Append(safe.Count == 0 ? "none" : string.Join(", ", safe));
            o.Append(auto is null ? string.Empty : "; auto chose: " + Escape(auto.StrategyDetail)).Append('\n');
        }

        o.Append('\n');
    }

    private static void Cost(StringBuilder o, MatrixAnalysis a, string reference)
    {
        var m = a.Matrix;
        var baseline = a.Row("native-flush", reference);
        o.Append("Against `").Append(reference).Append("` (the charts' profile); latencies are request to response on the ring:\n\n");
        o.Append("| strategy | IOPS | p50 µs | p99 µs | flush p50 µs | flush p99 µs | flush-like requests on the ring | extra bytes written | extra bytes per flush intent |\n");
        o.Append("|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        foreach (string s in m.Strategies)
        {
            var row = a.Row(s, reference);
            var cell = Cell(a, s, reference);
            if (row is null || cell is null)
            {
                continue;
            }

            var flush = a.Of(s, reference)?.LatencyOf(TraceAnalyzer.FlushLatency);
            string perFlush = cell.Flushes > 0 ? Inv($"{(double)cell.ExtraBytesWritten / cell.Flushes:N0}") : "–";
            o.Append(Inv($"| {s} | {row.Iops:N0} | {row.P50Us:N1} | {row.P99Us:N1} | {(flush is { Count: > 0 } f ? (f.P50Ns / 1e3).ToString("N1", CultureInfo.InvariantCulture) : "–")} | {(flush is { Count: > 0 } g ? (g.P99Ns / 1e3).ToString("N1", CultureInfo.InvariantCulture) : "–")} | {row.RingFlushes:N0} | {cell.ExtraBytesWritten:N0} | {perFlush} |\n"));
        }

        o.Append('\n');
        var cache = a.Row("cache-replay", reference);
        var cacheCell = Cell(a, "cache-replay", reference);
        if (cache is not null && cacheCell is not null && baseline is not null)
        {
            o.Append(Inv($"- **cache-replay** turns each flush into a 1-segment WRITE_BARRIER that rewrites a cached block: {cacheCell.ExtraBytesWritten:N0} extra bytes over {cacheCell.Flushes:N0} flushes ({(cacheCell.Flushes > 0 ? (double)cacheCell.ExtraBytesWritten / cacheCell.Flushes : 0):N0} B each), p99 latency {cache.P99Us:N1} µs against native-flush's {baseline.P99Us:N1} µs on `{reference}`.\n"));
        }

        var wt = a.Row("write-through", reference);
        if (wt is not null && baseline is not null)
        {
            o.Append(Inv($"- **write-through** sends no flush at all and makes every write a WRITE_BARRIER with data: {wt.RingFlushes:N0} barrier requests on the ring instead of {baseline.RingFlushes:N0} flushes.\n"));
        }

        o.Append('\n');
    }

    private static string RingKinds(MatrixAnalysis a, MatrixCell cell)
    {
        var result = a.Of(cell.Strategy, cell.Profile);
        return result is null ? string.Empty : string.Join(", ", result.Violations.Where(v => v.Count > 0).Select(v => Inv($"{RingViolations.Name(v.Kind)} {v.Count:N0}")));
    }

    private static MatrixCell? Cell(MatrixAnalysis a, string strategy, string profile) =>
        a.Matrix.Cells.FirstOrDefault(c => c.Strategy == strategy && c.Profile == profile);

    private static string Escape(string text) => text.Replace("|", "\\|", StringComparison.Ordinal);

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
