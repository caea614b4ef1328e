using System.Diagnostics;
using System.Globalization;
using BlkTrace.Protocol.Blkif;
using BlkTrace.Replay.Engine;
using BlkTrace.Replay.Source;
using BlkTrace.Replay.Strategies;
using BlkTrace.Trace.Intents;

namespace BlkTrace.Replay.Output;

/// <summary>Computes a <see cref="ReplaySummary"/> from a finished run.</summary>
internal static class SummaryBuilder
{
    private static readonly BlkifOperation[] Ops = [BlkifOperation.Read, BlkifOperation.Write, BlkifOperation.WriteBarrier, BlkifOperation.FlushDiskCache, BlkifOperation.Discard, BlkifOperation.Indirect];

    public static ReplaySummary Build(ReplayEngine engine, SourceWorkload source, ReplayOptions options, IReplayStrategy strategy, TargetSummary target, IReadOnlyDictionary<string, string?> outputs, long unexpectedResponses, string? verifyOffReason)
    {
        var r = engine.Results;
        int issued = engine.Issued;
        double nsPerTick = 1e9 / Stopwatch.Frequency;
        long first = issued > 0 ? r.Issue[0] : engine.StartTicks;
        long last = first;
        for (int i = 0; i < issued; i++)
        {
            last = Math.Max(last, r.Done[i]);
        }

        long durationNs = (long)((last - first) * nsPerTick);
        double seconds = Math.Max(durationNs / 1e9, 1e-9);
        long completed = 0, readBytes = 0, writeBytes = 0, guestErrors = 0, guestNotSupp = 0;
        var byKind = new SortedDictionary<string, long>(StringComparer.Ordinal);
        var guest = new SortedDictionary<string, long>(StringComparer.Ordinal);
        for (int i = 0; i < issued; i++)
        {
            var s = source.Intents[i];
            string kind = KindName(s.Kind);
            byKind[kind] = byKind.GetValueOrDefault(kind) + 1;
            if (r.Done[i] == 0)
            {
                continue;
            }

            completed++;
            var status = (BlkifStatus)r.Guest[i];
            string name = StatusName(status);
            guest[name] = guest.GetValueOrDefault(name) + 1;
            guestErrors += status == BlkifStatus.Error ? 1 : 0;
            guestNotSupp += status == BlkifStatus.EOpNotSupp ? 1 : 0;
            if (status == BlkifStatus.Okay)
            {
                if (s.Kind == IntentKind.Read)
                {
                    readBytes += s.Sectors * 512L;
                }
                else if (s.Kind is IntentKind.Write or IntentKind.DurableWrite)
                {
                    writeBytes += s.Sectors * 512L;
                }
            }
        }

        var ring = engine.Ring;
        var byOp = new List<RingOpCount>();
        foreach (var op in Ops)
        {
            long sent = ring.Submitted(op);
            if (sent > 0)
            {
                byOp.Add(new RingOpCount(BlkifOperationNames.Of(op), sent, ring.Answered(op, BlkifStatus.Okay), ring.Answered(op, BlkifStatus.Error), ring.Answered(op, BlkifStatus.EOpNotSupp), ring.Answered(op, (BlkifStatus)1)));
            }
        }

        long ringErrors = Ops.Sum(op => ring.Answered(op, BlkifStatus.Error));
        long ringNotSupp = Ops.Sum(op => ring.Answered(op, BlkifStatus.EOpNotSupp));
        var lifted = source.Counts;
        var mappingSeq = new long[issued];
        var mappingOrigin = new int[issued];
        for (int i = 0; i < issued; i++)
        {
            mappingSeq[i] = source.Intents[i].SourceSeq;
            mappingOrigin[i] = (int)source.Intents[i].Origin;
        }

        return new ReplaySummary
        {
            Strategy = strategy.Name,
            StrategyDetail = strategy.Detail,
            Timing = new TimingSummary(options.Timing.ToString().ToLowerInvariant(), options.Speed, options.QueueDepth),
            Seed = options.Seed,
            Source = new SourceSummary(
                source.Path,
                source.Metadata.Profile,
                source.Metadata.Store,
                lifted.Requests,
                source.Intents.Count,
                source.DiskSectors,
                source.DurationNs,
                lifted.Lifted,
                lifted.Skipped,
                [.. lifted.FirstSkipped.Select(kv => new SkippedRequest(kv.Key, kv.Value))],
                lifted.Unanswered,
                lifted.UnmatchedResponses),
            Target = target,
            DurationNs = durationNs,
            Intents = new IntentSummary(engine.Count, issued, completed, issued - completed, engine.ConnectRecords.Count, byKind, guest),
            Ring = new RingSummary(ring.Requests, byOp, ring.BytesWritten, ring.BytesRead, unexpectedResponses),
            Throughput = new ThroughputSummary(
                Math.Round(completed / seconds, 1),
                Math.Round(ring.Requests / seconds, 1),
                Math.Round(readBytes / 1e6 / seconds, 3),
                Math.Round(writeBytes / 1e6 / seconds, 3)),
            LatencyUs = Latencies(engine, source, issued, nsPerTick),
            Flushes = Fates(engine, source, issued, IntentKind.Flush),
            DurableWrites = Fates(engine, source, issued, IntentKind.DurableWrite),
            ExtraBytesWritten = ring.ExtraBytesWritten,
            ExtraRingRequests = ring.ExtraRequests,
            Errors = new ErrorSummary(guestErrors, guestNotSupp, ringErrors, ringNotSupp, engine.AbandonReason),
            Verification = Verification(engine.Verifier, verifyOffReason),
            Fidelity = Fidelity(engine, source, options, issued, nsPerTick),
            Outputs = outputs,
            SourceMapping = new SourceMapping(engine.ConnectRecords.Count, mappingSeq, mappingOrigin),
            Truncated = engine.Truncated ? Truncation(engine, source, options) : null,
        };
    }

    private static TruncationSummary Truncation(ReplayEngine engine, SourceWorkload source, ReplayOptions options)
    {
        double budget = options.TimeBudget!.Value.TotalSeconds;
        long seq = source.Intents[engine.Count].SourceSeq;
        string reason = string.Create(CultureInfo.InvariantCulture, $"time budget {budget:0.###} s: replayed {engine.Count} of {engine.PlannedCount} intents, cut before source request {seq}");
        return new TruncationSummary(reason, budget, engine.Count, engine.PlannedCount, seq);
    }

    public static string KindName(IntentKind kind) => kind switch
    {
        IntentKind.Read => "read",
        IntentKind.Write => "write",
        IntentKind.Flush => "flush",
        IntentKind.DurableWrite => "durable_write",
        _ => "discard",
    };

    public static string StatusName(BlkifStatus status) => status switch
    {
        BlkifStatus.Okay => "OKAY",
        BlkifStatus.Error => "ERROR",
        BlkifStatus.EOpNotSupp => "EOPNOTSUPP",
        _ => ((short)status).ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    private static Dictionary<string, LatencyStats> Latencies(ReplayEngine engine, SourceWorkload source, int issued, double nsPerTick)
    {
        var r = engine.Results;
        var all = new List<double>(issued);
        var byKind = new Dictionary<IntentKind, List<double>>();
        for (int i = 0; i < issued; i++)
        {
            if (r.Done[i] == 0)
            {
                continue;
            }

            double us = (r.Done[i] - r.Issue[i]) * nsPerTick / 1000;
            all.Add(us);
            var kind = source.Intents[i].Kind;
            if (!byKind.TryGetValue(kind, out var list))
            {
                byKind[kind] = list = [];
            }

            list.Add(us);
        }

        var result = new Dictionary<string, LatencyStats>(StringComparer.Ordinal) { ["all"] = LatencyStats.Of(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(all)) };
        foreach (var (kind, list) in byKind.OrderBy(kv => kv.Key))
        {
            result[KindName(kind)] = LatencyStats.Of(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(list));
        }

        return result;
    }

    private static FlushSummary Fates(ReplayEngine engine, SourceWorkload source, int issued, IntentKind kind)
    {
        var r = engine.Results;
        var tally = new FlushFateTally();
        for (int i = 0; i < issued; i++)
        {
            if (source.Intents[i].Kind == kind)
            {
                string ringStatus = r.RingWorst[i] == IntentResults.NoStatus ? "none" : StatusName((BlkifStatus)r.RingWorst[i]);
                string guestStatus = r.Done[i] == 0 ? "never" : StatusName((BlkifStatus)r.Guest[i]);
                tally.Add(r.Became[i] ?? "nothing", ringStatus, guestStatus);
            }
        }

        var list = tally.Fates().Select(f => new FlushFate(f.Became, f.Ring, f.Guest, f.Count)).ToList();
        return new FlushSummary(tally.Total, tally.Okay, tally.Error, tally.NotSupported, tally.Never, tally.OkayWithoutRingOkay, list);
    }

    private static VerificationSummary Verification(DataVerifier? v, string? offReason)
    {
        if (v is null)
        {
            return new VerificationSummary(false, offReason ?? "off", 0, 0, 0, new Dictionary<string, long>(), []);
        }

        var byKind = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var kind in Enum.GetValues<VerificationFailure>())
        {
            byKind[System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(kind.ToString())] = v.Failures[(int)kind];
        }

        return new VerificationSummary(true, null, v.ReadsChecked, v.SectorsChecked, v.Failures.Sum(), byKind, v.Examples);
    }

    private static FidelitySummary Fidelity(ReplayEngine engine, SourceWorkload source, ReplayOptions options, int issued, double nsPerTick)
    {
        var r = engine.Results;
        double speed = options.Timing == TimingMode.Afap ? 1 : options.Speed;
        LatencyStats? issueError = null;
        if (options.Timing != TimingMode.Afap)
        {
            var errors = new List<double>(issued);
            for (int i = 0; i < issued; i++)
            {
                if (r.Intended[i] > 0)
                {
                    errors.Add((r.Issue[i] - r.Intended[i]) * nsPerTick / 1000);
                }
            }

            issueError = LatencyStats.Of(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(errors));
        }

        var iat = new double[Math.Max(0, issued - 1)];
        double sumSource = 0, sumReplay = 0, sumAbs = 0;
        for (int i = 1; i < issued; i++)
        {
            double src = (source.Intents[i].IssueNs - source.Intents[i - 1].IssueNs) / speed / 1000;
            double rep = (r.Issue[i] - r.Issue[i - 1]) * nsPerTick / 1000;
            sumSource += src;
            sumReplay += rep;
            iat[i - 1] = Math.Abs(rep - src);
            sumAbs += iat[i - 1];
        }

        var srcLat = new List<double>();
        var repLat = new List<double>();
        var delta = new List<double>();
        var depth = new double[issued];
        double srcDepth = 0, repDepth = 0;
        for (int i = 0; i < issued; i++)
        {
            var s = source.Intents[i];
            srcDepth += s.InFlightAtIssue;
            repDepth += r.InFlight[i];
            depth[i] = Math.Abs(r.InFlight[i] - s.InFlightAtIssue);
            double? sl = s.DoneNs >= 0 ? (s.DoneNs - s.IssueNs) / 1000.0 : null;
            double? rl = r.Done[i] != 0 ? (r.Done[i] - r.Issue[i]) * nsPerTick / 1000 : null;
            if (sl is { } a)
            {
                srcLat.Add(a);
            }

            if (rl is { } b)
            {
                repLat.Add(b);
            }

            if (sl is { } x && rl is { } y)
            {
                delta.Add(y - x);
            }
        }

        double meanAbsDepth = issued > 0 ? depth.Average() : 0;
        var depthStats = LatencyStats.Of(depth);
        int pairs = Math.Max(1, issued - 1);
        return new FidelitySummary(
            issueError,
            Math.Round(sumSource / pairs, 3),
            Math.Round(sumReplay / pairs, 3),
            LatencyStats.Of(iat),
            sumSource > 0 ? Math.Round(sumAbs / sumSource, 4) : 0,
            LatencyStats.Of(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(srcLat)),
            LatencyStats.Of(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(repLat)),
            LatencyStats.Of(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(delta)),
            new InFlightFidelity(
                issued > 0 ? Math.Round(srcDepth / issued, 3) : 0,
                issued > 0 ? Math.Round(repDepth / issued, 3) : 0,
                Math.Round(meanAbsDepth, 3),
                depthStats.P99,
                depthStats.Max));
    }
}
