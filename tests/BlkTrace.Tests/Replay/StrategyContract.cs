using BlkTrace.Backend.Profiles;
using BlkTrace.Protocol.Blkif;
using BlkTrace.Trace;
using BlkTrace.Trace.Intents;

namespace BlkTrace.Tests.Replay;

/// <summary>
/// What every strategy must hold, whatever the backend answers: checked on the real outputs of a
/// replay of a seeded mixed workload against every profile. Each strategy has a class deriving from
/// this one; the replays are shared between the tests of a class.
/// </summary>
public abstract class StrategyContract
{
    private static readonly Lazy<BlkTrace.Replay.Source.SourceWorkload> Workload = new(() => SourceTrace.Mixed(400, seed: 5).Lift());

    public static TheoryData<string> Profiles => [.. BackendProfiles.All.Select(p => p.Name)];

    protected abstract string Strategy { get; }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void Replay_AnyProfile_NeverMoreThanRingSizeOutstanding(string profile)
    {
        var run = Run(profile);
        int outstanding = 0, max = 0;
        foreach (var e in run.Trace)
        {
            outstanding += e.Kind == RingEventKind.Request ? 1 : e.Kind == RingEventKind.Response ? -1 : 0;
            max = Math.Max(max, outstanding);
        }

        Assert.True(max <= run.TraceMetadata.RingSize, $"{max} outstanding on a ring of {run.TraceMetadata.RingSize}");
        Assert.Equal(0, outstanding);
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void Replay_AnyProfile_EveryIntentToldExactlyOnce(string profile)
    {
        var run = Run(profile);
        var rows = run.Intents.Rows;
        var summary = run.Result.Summary;
        Assert.Equal(summary.Intents.Connect + summary.Intents.Workload, rows.Count);
        Assert.Equal(Enumerable.Range(0, rows.Count).Select(i => (long)i), rows.Select(r => r.IntentSeq));
        Assert.All(rows, r =>
        {
            Assert.NotNull(r.DoneTsNs);
            Assert.NotNull(r.GuestStatus);
            Assert.True(r.DoneTsNs >= r.IssueTsNs, $"intent {r.IntentSeq} told before it was issued");
        });
        Assert.Equal(summary.Intents.Workload, summary.Intents.Completed);
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void Replay_AnyProfile_RingIdsUniqueAndEachMapsToOneIntent(string profile)
    {
        var run = Run(profile);
        var requestIds = run.Trace.Where(e => e.Kind == RingEventKind.Request).Select(e => e.Id).ToList();
        Assert.Equal(requestIds.Count, requestIds.Distinct().Count());
        var logged = run.Intents.Rows.SelectMany(r => r.RingIds).ToList();
        Assert.Equal(logged.Count, logged.Distinct().Count());
        Assert.Equal(requestIds.Order(), logged.Order());
        Assert.Equal(run.Result.Summary.Ring.Requests, requestIds.Count);
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void Replay_AnyProfile_WritesNeverPutOnTheRingAfterAFlushIntentTheyPrecede(string profile)
    {
        var run = Run(profile);
        var requests = run.RequestsById();
        long lastWrite = -1;
        foreach (var intent in run.Intents.Rows)
        {
            var seqs = intent.RingIds.Select(id => requests[id].Seq).ToList();
            if (seqs.Count == 0)
            {
                continue;
            }

            if (intent.Kind == IntentKind.Flush)
            {
                Assert.True(seqs.Min() > lastWrite, $"flush intent {intent.IntentSeq} went on the ring before a write that precedes it (row {lastWrite})");
            }
            else if (intent.Kind is IntentKind.Write or IntentKind.DurableWrite)
            {
                lastWrite = Math.Max(lastWrite, seqs.Max());
            }
        }
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void Replay_AnyProfile_IntentTimesBracketTheirRingEventsOnTheTracesClock(string profile)
    {
        var run = Run(profile);
        var requests = run.RequestsById();
        var responses = run.ResponsesById();
        foreach (var intent in run.Intents.Rows.Where(r => r.RingIds.Count > 0))
        {
            Assert.True(intent.IssueTsNs <= intent.RingIds.Min(id => requests[id].TsNs), $"intent {intent.IntentSeq} issued after the backend consumed its request");
            Assert.True(intent.DoneTsNs >= intent.RingIds.Max(id => responses[id].TsNs), $"intent {intent.IntentSeq} told before the backend answered");
        }
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void Replay_AnyProfile_WriteGenerationsStrictlyIncreaseFromOne(string profile)
    {
        var run = Run(profile);
        var generations = run.Intents.Rows.Where(r => r.Kind is IntentKind.Write or IntentKind.DurableWrite).Select(r => r.Generation).ToList();
        Assert.NotEmpty(generations);
        Assert.Equal(Enumerable.Range(1, generations.Count).Select(g => (long)g), generations);
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void Replay_AnyProfile_EveryReadSeesWhatItMust(string profile)
    {
        var run = Run(profile);
        var v = run.Result.Summary.Verification;
        Assert.True(v.Enabled);
        Assert.True(v.Failures == 0, string.Join("; ", v.Examples));
        if (run.Result.Summary.Errors.GuestErrors == 0)
        {
            Assert.True(v.ReadsChecked > 0);
        }
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void Replay_AnyProfile_FlushIntentsEachGetOneFate(string profile)
    {
        var run = Run(profile);
        var flushes = run.Result.Summary.Flushes;
        long logged = run.Intents.Rows.Count(r => r.Kind == IntentKind.Flush) - run.Result.Summary.Intents.Connect;
        Assert.True(flushes.Total >= 10);
        Assert.Equal(flushes.Total, flushes.Fates.Sum(f => f.Count));
        Assert.Equal(flushes.Total, flushes.ToldOkay + flushes.ToldError + flushes.ToldNotSupported + flushes.NeverTold);
        Assert.True(logged <= flushes.Total);
        Assert.All(run.Intents.Rows.Where(r => r.Kind == IntentKind.Flush && r.GuestStatus == BlkifStatus.Okay && r.RingIds.Count == 0), r => Assert.False(string.IsNullOrEmpty(r.Note)));
    }

    private ReplayRun Run(string profile) =>
        ReplayHarness.Cached($"contract/{Strategy}/{profile}", () => ReplayHarness.Run(Workload.Value, Strategy, profile));
}
