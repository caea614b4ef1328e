using BlkTrace.Protocol.Blkif;
using BlkTrace.Replay;
using BlkTrace.Replay.Source;
using BlkTrace.Replay.Strategies;
using BlkTrace.Trace;
using BlkTrace.Trace.Intents;

namespace BlkTrace.Tests.Replay;

/// <summary>
/// The cache-replay hazard (spec/blkif.md §6): a frontend that rewrites its cached copy of block 156
/// to force a flush puts old data back unless every guest write covering the block refreshes the copy.
/// The workload writes the block, flushes, and reads it back; closed timing keeps it serial.
/// </summary>
public class CacheReplayHazardTests
{
    private static readonly Lazy<SourceWorkload> Workload = new(() =>
    {
        var t = new SourceTrace();
        t.Write(152, 8).Flush().Write(160, 8).Flush().Read(152, 16);
        return t.Lift();
    });

    public static TheoryData<string, string> StrategiesThatReplayACachedBlock => new()
    {
        { "cache-replay", "linux" },
        { "cache-replay", "solaris" },
        { "xdf", "linux-2.6.18" },
    };

    [Theory]
    [MemberData(nameof(StrategiesThatReplayACachedBlock))]
    public void RefreshOff_WriteFlushRead_ReadSeesRevertedBlockAndSummaryReportsIt(string strategy, string profile)
    {
        var run = Run(strategy, profile, refresh: false);
        var v = run.Result.Summary.Verification;
        Assert.True(v.Enabled);
        Assert.Equal(1, v.ByKind["reverted"]);
        Assert.Equal(1, v.Failures);
        Assert.Contains(v.Examples, e => e.Contains("sector 156: Reverted", StringComparison.Ordinal));
        Assert.Contains("refresh OFF", run.Result.Summary.StrategyDetail, StringComparison.Ordinal);

        // The intent log says which generation each flush rewrote: the stale one read at connect (0), though the guest wrote gen 1.
        var flushes = run.Intents.Rows.Where(r => r.Kind == IntentKind.Flush && r.Note is not null && r.Note.Contains("of block 156", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, flushes.Count);
        Assert.All(flushes, f => Assert.Equal((156UL, 1, 0L), ((ulong)f.Sector, f.NrSectors, f.Generation)));
    }

    [Theory]
    [MemberData(nameof(StrategiesThatReplayACachedBlock))]
    public void RefreshOn_WriteFlushRead_ReadSeesTheGuestsDataAndRewritesCarryItsGeneration(string strategy, string profile)
    {
        var run = Run(strategy, profile, refresh: true);
        var v = run.Result.Summary.Verification;
        Assert.Equal(0, v.Failures);
        Assert.Equal(1, v.ReadsChecked);
        var flushes = run.Intents.Rows.Where(r => r.Kind == IntentKind.Flush && r.Note is not null && r.Note.Contains("of block 156", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, flushes.Count);
        Assert.All(flushes, f => Assert.Equal(1L, f.Generation));
    }

    [Fact]
    public void RefreshOff_ReplayTrace_RecordsTheStaleRewriteAsABarrierOverTheGuestsWrite()
    {
        var run = Run("cache-replay", "linux", refresh: false);
        var touching = run.Trace
            .Where(e => e.Kind == RingEventKind.Request && e.NrSectors > 0 && e.Sector <= 156 && e.Sector + (ulong)e.NrSectors > 156)
            .Select(e => (e.Operation, e.Sector, e.NrSectors));
        Assert.Equal(
            [(BlkifOperation.Read, 156UL, 1), (BlkifOperation.Write, 152UL, 8), (BlkifOperation.WriteBarrier, 156UL, 1), (BlkifOperation.WriteBarrier, 156UL, 1), (BlkifOperation.Read, 152UL, 16)],
            touching);
    }

    private static ReplayRun Run(string strategy, string profile, bool refresh) =>
        ReplayHarness.Cached($"hazard/{strategy}/{profile}/{refresh}", () => ReplayHarness.Run(
            Workload.Value,
            strategy,
            profile,
            options: new ReplayOptions { Timing = TimingMode.Closed, StrategyOptions = new StrategyOptions { CacheRefresh = refresh } }));
}
