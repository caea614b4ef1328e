using System.Globalization;
using BlkTrace.Protocol.Blkif;
using BlkTrace.Replay.Source;
using BlkTrace.Trace;
using BlkTrace.Trace.Intents;

namespace BlkTrace.Tests.Replay;

/// <summary>Every strategy × profile pair: what happens to flush intents (<see cref="FlushFateTable"/>).</summary>
public class FlushFateTableTests
{
    private static readonly Lazy<SourceWorkload> Workload = new(() =>
    {
        var t = new SourceTrace();
        for (int f = 0; f < 10; f++)
        {
            for (int w = 0; w < 4; w++)
            {
                t.Write((ulong)((f * 64) + (w * 8)), 8);
            }

            t.Flush();
        }

        return t.Lift();
    });

    public static TheoryData<string, string> Pairs()
    {
        var data = new TheoryData<string, string>();
        foreach (string s in FlushFateTable.Expected.Keys)
        {
            foreach (string p in FlushFateTable.Profiles)
            {
                data.Add(s, p);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Pairs))]
    public void FlushIntents_StrategyAgainstProfile_MatchTheFrozenTable(string strategy, string profile)
    {
        var run = ReplayHarness.Cached($"fate/{strategy}/{profile}", () => ReplayHarness.Run(Workload.Value, strategy, profile));
        string expected = FlushFateTable.Expected[strategy][Array.IndexOf(FlushFateTable.Profiles, profile)];
        Assert.Equal(expected, Cell(run));
    }

    [Fact]
    public void Table_EveryStrategyAndEveryProfile_HasACell()
    {
        // The pairs above come from the table: a strategy or profile added without a row or column would go untested.
        Assert.Equal(BlkTrace.Replay.Strategies.ReplayStrategies.Names.Order(), FlushFateTable.Expected.Keys.Order());
        Assert.Equal(BlkTrace.Backend.Profiles.BackendProfiles.All.Select(p => p.Name).Order(), FlushFateTable.Profiles.Order());
        Assert.All(FlushFateTable.Expected.Values, row => Assert.Equal(FlushFateTable.Profiles.Length, row.Length));
    }

    [Fact]
    public void ZeroByte_Linux2618_EveryFlushToldError()
    {
        var s = ReplayHarness.Cached("fate/zero-byte/linux-2.6.18", () => ReplayHarness.Run(Workload.Value, "zero-byte", "linux-2.6.18")).Result.Summary;
        var fate = Assert.Single(s.Flushes.Fates);
        Assert.Equal(("WRITE_BARRIER 0-seg", "ERROR", "ERROR", 10L), (fate.Became, fate.RingStatus, fate.GuestStatus, fate.Count));
    }

    [Fact]
    public void LinuxBlkfront610_Linux2618_FirstEmptyBarrierFailsThenNoMoreFlushesAndEveryOneToldOkay()
    {
        var run = ReplayHarness.Cached("fate/linux-blkfront/linux-2.6.18", () => ReplayHarness.Run(Workload.Value, "linux-blkfront", "linux-2.6.18"));
        var flushes = run.Intents.Rows.Where(r => r.Kind == IntentKind.Flush).ToList();
        Assert.Single(flushes[0].RingIds);
        Assert.All(flushes.Skip(1), f => Assert.Empty(f.RingIds));
        Assert.All(flushes, f => Assert.Equal(BlkifStatus.Okay, f.GuestStatus));
        Assert.Contains("disabled", flushes[1].Note, StringComparison.Ordinal);
        Assert.Equal(1, run.Trace.Count(e => e.Kind == RingEventKind.Request && e.Operation == BlkifOperation.WriteBarrier));
        Assert.Equal(10, run.Result.Summary.Flushes.ToldOkayWithoutRingOkay);
    }

    [Fact]
    public void LinuxBlkfront611_Linux2618_SameToTheGuestAndOnTheRingAs610()
    {
        var options = new BlkTrace.Replay.ReplayOptions { Timing = BlkTrace.Replay.TimingMode.Afap, StrategyOptions = new() { Blkfront = BlkTrace.Replay.Strategies.LinuxBlkfrontVersion.From611 } };
        var run = ReplayHarness.Cached("fate/linux-blkfront-6.11/linux-2.6.18", () => ReplayHarness.Run(Workload.Value, "linux-blkfront", "linux-2.6.18", options: options));
        var flushes = run.Intents.Rows.Where(r => r.Kind == IntentKind.Flush).ToList();
        Assert.Single(flushes[0].RingIds);
        Assert.All(flushes.Skip(1), f => Assert.Empty(f.RingIds));
        Assert.All(flushes, f => Assert.Equal(BlkifStatus.Okay, f.GuestStatus));
        Assert.Equal(10, run.Result.Summary.Flushes.ToldOkayWithoutRingOkay);
    }

    [Fact]
    public void LinuxBlkfrontReportErrors_Linux2618_EveryFlushSentAndToldError()
    {
        var options = new BlkTrace.Replay.ReplayOptions { Timing = BlkTrace.Replay.TimingMode.Afap, StrategyOptions = new() { Blkfront = BlkTrace.Replay.Strategies.LinuxBlkfrontVersion.ReportErrors } };
        var run = ReplayHarness.Cached("fate/linux-blkfront-report-errors/linux-2.6.18", () => ReplayHarness.Run(Workload.Value, "linux-blkfront", "linux-2.6.18", options: options));
        var flushes = run.Intents.Rows.Where(r => r.Kind == IntentKind.Flush).ToList();
        Assert.Equal(10, flushes.Count);
        Assert.All(flushes, f => Assert.Single(f.RingIds));
        Assert.All(flushes, f => Assert.Equal(BlkifStatus.Error, f.GuestStatus));
        Assert.Equal(10, run.Result.Summary.Flushes.ToldError);
        Assert.Equal(0, run.Result.Summary.Flushes.ToldOkayWithoutRingOkay);
    }

    [Fact]
    public void NativeFlush_Qemu_EveryFlushOkayAfterAStoreFlush()
    {
        var s = ReplayHarness.Cached("fate/native-flush/qemu", () => ReplayHarness.Run(Workload.Value, "native-flush", "qemu")).Result.Summary;
        var fate = Assert.Single(s.Flushes.Fates);
        Assert.Equal(("FLUSH_DISKCACHE 0-seg", "OKAY", "OKAY", 10L), (fate.Became, fate.RingStatus, fate.GuestStatus, fate.Count));
    }

    [Fact]
    public void CacheReplay_BarrierCapableProfile_OneExtra512ByteBarrierPerFlush()
    {
        var run = ReplayHarness.Cached("fate/cache-replay/linux-2.6.18", () => ReplayHarness.Run(Workload.Value, "cache-replay", "linux-2.6.18"));
        Assert.Equal(10 * 512L, run.Result.Summary.ExtraBytesWritten);
        Assert.Equal(10, run.Result.Summary.ExtraRingRequests);
        var barriers = run.Trace.Where(e => e.Kind == RingEventKind.Request && e.Operation == BlkifOperation.WriteBarrier).ToList();
        Assert.Equal(10, barriers.Count);
        Assert.All(barriers, b => Assert.Equal((156UL, 1, (ushort)1), (b.Sector, b.NrSectors, b.NrSegments)));
    }

    private static string Cell(ReplayRun run)
    {
        var f = run.Result.Summary.Flushes;
        var parts = new List<string>();
        long okTrue = f.ToldOkay - f.ToldOkayWithoutRingOkay;
        void Add(string label, long n)
        {
            if (n > 0)
            {
                parts.Add(string.Create(CultureInfo.InvariantCulture, $"{label} {n}"));
            }
        }

        Add("ok", okTrue);
        Add("ok*", f.ToldOkayWithoutRingOkay);
        Add("err", f.ToldError);
        Add("nsup", f.ToldNotSupported);
        int connect = (int)run.Result.Summary.Intents.Connect;
        var flushIds = run.Intents.Rows.Skip(connect).Where(r => r.Kind == IntentKind.Flush).SelectMany(r => r.RingIds).ToHashSet();
        parts.Add(string.Create(CultureInfo.InvariantCulture, $"r{flushIds.Count}"));
        parts.Add(string.Create(CultureInfo.InvariantCulture, $"sf{run.Trace.Count(e => e.Kind == RingEventKind.StoreFlush && flushIds.Contains(e.Id))}"));
        if (run.Result.Summary.ExtraBytesWritten > 0)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"+{run.Result.Summary.ExtraBytesWritten}B"));
        }

        return string.Join(' ', parts);
    }
}
