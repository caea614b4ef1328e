using System.Globalization;
using BlkTrace.Trace;
using BlkTrace.Trace.Intents;
using BlkTrace.Trace.Storage;

namespace BlkTrace.Analysis.Durability;

/// <summary>
/// Crash-state exploration of a replay (design.md §6): from its ring trace (with the backend's
/// store-flush rows) and its intent log (what the guest asked and was told), simulated crashes at
/// every flush completion, at seeded random points and at the end; at each, the minimal durable state
/// and seeded random ones under the dm-log-writes rule; each state checked for lost-durable-write,
/// broken-barrier-prefix and reverted-data. Same inputs and options, same report.
/// </summary>
/// <remarks>
/// Memory holds the replay's writes and times (a replay is bounded by its workload, unlike a capture);
/// time is bounded by <see cref="CrashExplorationOptions.MaxStates"/>.
/// </remarks>
public static class CrashExplorer
{
    /// <summary>The trace columns exploration reads.</summary>
    public const TraceColumns Columns =
        TraceColumns.Seq | TraceColumns.TsNs | TraceColumns.Kind | TraceColumns.Queue | TraceColumns.Id | TraceColumns.Op |
        TraceColumns.IndirectOp | TraceColumns.NrSegments | TraceColumns.Sector | TraceColumns.NrSectors | TraceColumns.Status;

    /// <summary>
    /// True for a <c>mem:SIZE,cache…</c> store: the in-memory disk with a volatile write cache, whose
    /// crash behaviour is what the dm-log-writes rule describes.
    /// </summary>
    public static bool IsWriteCacheModel(string? store) =>
        store is not null && store.StartsWith("mem:", StringComparison.Ordinal) &&
        store.Split(',').Skip(1).Any(o => o.Trim() == "cache");

    /// <summary>Explores the replay whose ring trace is at <paramref name="tracePath"/> (file or directory of segments).</summary>
    public static DurabilityReport Explore(string tracePath, IntentLog intents, CrashExplorationOptions? options = null, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(tracePath);
        ArgumentNullException.ThrowIfNull(intents);
        options ??= new CrashExplorationOptions();
        using var reader = TraceReader.Open(tracePath, Columns);
        if (Refuse(reader.Metadata, options) is { } why)
        {
            return DurabilityReport.NotExplored(why);
        }

        return Explore(Batches(reader), intents.Rows, options, cancel);
    }

    /// <summary>Explores rows already in memory (tests, hand-built hazards).</summary>
    public static DurabilityReport Explore(IEnumerable<RingEvent> rows, TraceMetadata metadata, IReadOnlyList<IntentRecord> intents, CrashExplorationOptions? options = null, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(metadata);
        ArgumentNullException.ThrowIfNull(intents);
        options ??= new CrashExplorationOptions();
        if (Refuse(metadata, options) is { } why)
        {
            return DurabilityReport.NotExplored(why);
        }

        var batch = new RingEventBatch(0);
        foreach (var row in rows)
        {
            batch.Add(row);
        }

        return Explore([batch], intents, options, cancel);
    }

    private static DurabilityReport Explore(IEnumerable<RingEventBatch> batches, IReadOnlyList<IntentRecord> intents, CrashExplorationOptions options, CancellationToken cancel)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxStates, 1, nameof(options));
        var model = CrashModel.Build(batches, intents, options.MaxCells);
        if (model.Rows == 0)
        {
            return DurabilityReport.NotExplored("the ring trace is empty");
        }

        var (points, available) = CrashPoints(model, options);
        var walk = new CrashWalk(model, options);
        walk.Run(points, cancel);
        var notes = new List<string>();
        if (model.UnmappedWrites > 0)
        {
            notes.Add(string.Create(CultureInfo.InvariantCulture, $"{model.UnmappedWrites:N0} ring write(s) no intent claims (or with generation 0) left out of the data checks"));
        }

        if (points.Count < available)
        {
            notes.Add(string.Create(CultureInfo.InvariantCulture, $"a seeded subset of {points.Count:N0} of {available:N0} crash points explored (MaxStates {options.MaxStates:N0})"));
        }

        return new DurabilityReport
        {
            Explored = true,
            Note = string.Join("; ", notes),
            Seed = options.Seed,
            CrashPoints = points.Count,
            CrashPointsAvailable = available,
            StatesExplored = walk.StatesExplored,
            StatesWithViolation = walk.StatesWithViolation,
            RingWrites = model.Writes.LongLength - model.FailedWrites,
            UnmappedRingWrites = model.UnmappedWrites,
            StoreFlushes = model.StoreFlushes,
            Intents = model.Intents,
            FlushesToldOkay = model.Promises.Count,
            FlushesToldOkayWithoutRequest = model.FlushesToldOkayWithoutRequest,
            Violations = walk.Summaries(),
        };
    }

    /// <summary>
    /// Just after every flush or barrier response and every flush the guest was told about, seeded
    /// random points, and the end; a seeded subset when there are more than the state budget allows.
    /// </summary>
    private static (List<int> Points, int Available) CrashPoints(CrashModel model, CrashExplorationOptions options)
    {
        var set = new SortedSet<int> { model.Rows };
        foreach (int r in model.FlushResponses)
        {
            set.Add(r + 1);
        }

        foreach (var p in model.OrderingPoints)
        {
            int c = model.FirstAfter(p.Done);
            if (c >= 1)
            {
                set.Add(c);
            }
        }

        var rng = new SplitMix64(options.Seed);
        for (int k = 0; k < options.RandomPoints; k++)
        {
            set.Add(1 + (int)rng.NextBelow(model.Rows));
        }

        var all = set.ToList();
        int statesPer = 1 + Math.Max(0, options.RandomStatesPerPoint);
        int budget = Math.Max(1, options.MaxStates / statesPer);
        if (all.Count <= budget)
        {
            return (all, all.Count);
        }

        // Seeded Fisher-Yates over all but the end, which is always kept.
        var rest = all.Take(all.Count - 1).ToArray();
        for (int i = rest.Length - 1; i > 0; i--)
        {
            int j = (int)rng.NextBelow(i + 1);
            (rest[i], rest[j]) = (rest[j], rest[i]);
        }

        var chosen = rest.Take(budget - 1).Append(model.Rows).Order().ToList();
        return (chosen, all.Count);
    }

    private static string? Refuse(TraceMetadata metadata, CrashExplorationOptions options) =>
        options.RequireWriteCacheModel && !IsWriteCacheModel(metadata.Store)
            ? $"not explored: the store is {metadata.Store ?? "unknown"}, not mem:SIZE,cache (the volatile write-cache model crash states are drawn from)"
            : null;

    private static IEnumerable<RingEventBatch> Batches(TraceReader reader)
    {
        while (reader.MoveNext())
        {
            yield return reader.Current;
        }
    }
}
