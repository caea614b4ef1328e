using BlkTrace.Analysis;
using BlkTrace.Analysis.Durability;
using BlkTrace.Protocol.Blkif;
using BlkTrace.Tests.Trace;
using BlkTrace.Trace;
using BlkTrace.Trace.Intents;

namespace BlkTrace.Tests.Analysis;

/// <summary>
/// Crash-state exploration on replays built by hand exactly as the replayer produces them
/// (intents.md): the two known hazards are found, a correct strategy shows nothing.
/// </summary>
public class CrashExplorerTests
{
    private const ulong A = (1UL << 16) | 0;
    private const ulong B = (2UL << 16) | 1;
    private const ulong C = (3UL << 16) | 2;
    private const ulong D = (4UL << 16) | 3;
    private const ulong E = (5UL << 16) | 4;
    private const ulong F = (6UL << 16) | 5;
    private const ulong G = (7UL << 16) | 6;

    private static readonly CrashExplorationOptions Options = new() { Seed = 7, RandomPoints = 8, RandomStatesPerPoint = 4 };

    /// <summary>
    /// linux-blkfront ≤ 6.10 against linux-2.6.18: the first empty WRITE_BARRIER gets ERROR, blkfront
    /// turns flushing off and reports success; later flushes are told OK with nothing sent. No store
    /// flush ever covers the writes.
    /// </summary>
    internal static (TraceBuilder Ring, List<IntentRecord> Intents) OldBlkfrontAgainst2618()
    {
        var ring = new TraceBuilder
        {
            Metadata = new TraceMetadata { RingSize = 32, Queues = 1, Profile = "linux-2.6.18", Store = "mem:256M,cache", Strategy = "linux-blkfront", TimingMode = "afap" },
        };
        ring.Request(1_000, A, BlkifOperation.Write, 0, 8)
            .Request(1_010, B, BlkifOperation.Write, 8, 8)
            .Response(2_000, A)
            .Response(2_010, B)
            .Request(3_000, C, BlkifOperation.WriteBarrier)
            .Response(3_100, C, BlkifStatus.Error)
            .Request(4_000, D, BlkifOperation.Write, 16, 8)
            .Response(5_000, D)
            .Request(6_000, E, BlkifOperation.Write, 0, 8)
            .Response(7_000, E);
        List<IntentRecord> intents =
        [
            new(0, IntentKind.Write, 0, 8, 1, 900, 2_100, BlkifStatus.Okay, [A], null),
            new(1, IntentKind.Write, 8, 8, 2, 905, 2_110, BlkifStatus.Okay, [B], null),
            new(2, IntentKind.Flush, 0, 0, 0, 2_900, 3_200, BlkifStatus.Okay, [C], "empty WRITE_BARRIER answered ERROR: flushing turned off, success reported (linux <= 6.10)"),
            new(3, IntentKind.Write, 16, 8, 3, 3_900, 5_100, BlkifStatus.Okay, [D], null),
            new(4, IntentKind.Flush, 0, 0, 0, 5_200, 5_201, BlkifStatus.Okay, [], "flush disabled after ERROR (linux <= 6.10)"),
            new(5, IntentKind.Write, 0, 8, 4, 5_900, 7_100, BlkifStatus.Okay, [E], null),
            new(6, IntentKind.Flush, 0, 0, 0, 7_200, 7_201, BlkifStatus.Okay, [], "flush disabled after ERROR (linux <= 6.10)"),
        ];
        return (ring, intents);
    }

    /// <summary>
    /// cache-replay against linux with a stale cache: each flush is a 1-segment WRITE_BARRIER rewriting
    /// block 156 with the copy cached at generation 1, after the guest wrote generation 2 there. The
    /// linux backend drains, flushes the store, then writes the barrier's data.
    /// </summary>
    internal static (TraceBuilder Ring, List<IntentRecord> Intents) StaleCacheReplay()
    {
        var ring = new TraceBuilder
        {
            Metadata = new TraceMetadata { RingSize = 32, Queues = 1, Profile = "linux", Store = "mem:256M,cache", Strategy = "cache-replay", TimingMode = "afap" },
        };
        ring.Request(1_000, A, BlkifOperation.Write, 156, 1).Response(2_000, A)
            .Request(3_000, B, BlkifOperation.WriteBarrier, 156, 1).StoreFlush(3_010, B).Response(3_100, B)
            .Request(4_000, C, BlkifOperation.Write, 156, 1).Response(5_000, C)
            .Request(6_000, D, BlkifOperation.WriteBarrier, 156, 1).StoreFlush(6_010, D).Response(6_100, D)
            .Request(7_000, E, BlkifOperation.WriteBarrier, 156, 1).StoreFlush(7_010, E).Response(7_100, E);
        List<IntentRecord> intents =
        [
            new(0, IntentKind.Write, 156, 1, 1, 900, 2_100, BlkifStatus.Okay, [A], null),
            new(1, IntentKind.Flush, 156, 1, 1, 2_900, 3_200, BlkifStatus.Okay, [B], "cache-replay of block 156 (gen 1)"),
            new(2, IntentKind.Write, 156, 1, 2, 3_900, 5_100, BlkifStatus.Okay, [C], null),
            new(3, IntentKind.Flush, 156, 1, 1, 5_900, 6_200, BlkifStatus.Okay, [D], "cache-replay of block 156 (gen 1)"),
            new(4, IntentKind.Flush, 156, 1, 1, 6_900, 7_200, BlkifStatus.Okay, [E], "cache-replay of block 156 (gen 1)"),
        ];
        return (ring, intents);
    }

    /// <summary>
    /// native-flush against linux: FLUSH_DISKCACHE after the writes it covers completed, each served by
    /// a store flush; a durable-ordered write is write, completion, then flush.
    /// </summary>
    internal static (TraceBuilder Ring, List<IntentRecord> Intents) NativeFlushAgainstLinux(bool honest = true)
    {
        var ring = new TraceBuilder
        {
            Metadata = new TraceMetadata { RingSize = 32, Queues = 1, Profile = "linux", Store = "mem:256M,cache", Strategy = "native-flush", TimingMode = "afap" },
        };
        ring.Request(1_000, A, BlkifOperation.Write, 0, 8)
            .Request(1_010, B, BlkifOperation.Write, 8, 8)
            .Response(2_000, A)
            .Response(2_010, B)
            .Request(3_000, C, BlkifOperation.FlushDiskCache);
        if (honest)
        {
            ring.StoreFlush(3_050, C);
        }

        ring.Response(3_100, C)
            .Request(4_000, D, BlkifOperation.Write, 0, 8)
            .Response(5_000, D)
            .Request(5_100, E, BlkifOperation.Write, 24, 8)
            .Response(5_900, E)
            .Request(6_000, F, BlkifOperation.FlushDiskCache);
        if (honest)
        {
            ring.StoreFlush(6_050, F);
        }

        ring.Response(6_100, F)
            .Request(7_000, G, BlkifOperation.Write, 8, 8)
            .Response(7_500, G);
        List<IntentRecord> intents =
        [
            new(0, IntentKind.Write, 0, 8, 1, 900, 2_100, BlkifStatus.Okay, [A], null),
            new(1, IntentKind.Write, 8, 8, 2, 905, 2_110, BlkifStatus.Okay, [B], null),
            new(2, IntentKind.Flush, 0, 0, 0, 2_900, 3_200, BlkifStatus.Okay, [C], null),
            new(3, IntentKind.Write, 0, 8, 3, 3_900, 5_100, BlkifStatus.Okay, [D], null),
            new(4, IntentKind.DurableWrite, 24, 8, 4, 5_000, 6_200, BlkifStatus.Okay, [E, F], "write, completion, then flush"),
            new(5, IntentKind.Write, 8, 8, 5, 6_900, 7_600, BlkifStatus.Okay, [G], null),
        ];
        return (ring, intents);
    }

    private static DurabilityReport Explore((TraceBuilder Ring, List<IntentRecord> Intents) replay, CrashExplorationOptions? options = null) =>
        CrashExplorer.Explore(replay.Ring.Rows, replay.Ring.Metadata, replay.Intents, options ?? Options);

    [Fact]
    public void OldBlkfrontAgainst2618_AfterFailedEmptyBarrier_LosesDurableWrites()
    {
        var report = Explore(OldBlkfrontAgainst2618());

        Assert.True(report.Explored);
        Assert.True(report.StatesWith(DurabilityViolationKind.LostDurableWrite) > 0);
        Assert.Equal(0, report.StatesWith(DurabilityViolationKind.RevertedData));
        Assert.Equal((3L, 2L, 0L), (report.FlushesToldOkay, report.FlushesToldOkayWithoutRequest, report.StoreFlushes));
        var lost = report.Violations.Single(v => v.Kind == DurabilityViolationKind.LostDurableWrite);
        Assert.Equal(4, lost.Intents); // every write the guest was promised: gens 1, 2, 3 and 4
        var example = lost.Examples[0];
        Assert.Equal(0, example.State); // the minimal state already shows it
        Assert.Equal(0, example.FoundGeneration);
        Assert.Contains(2L, example.IntentSeqs); // the flush the guest was told succeeded
        Assert.Contains("flush intent 2", example.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void StaleCacheReplay_RewritesOlderGeneration_RevertsData()
    {
        var report = Explore(StaleCacheReplay());

        Assert.True(report.StatesWith(DurabilityViolationKind.RevertedData) > 0);
        Assert.Equal(0, report.StatesWith(DurabilityViolationKind.LostDurableWrite));
        Assert.Equal(0, report.StatesWith(DurabilityViolationKind.BrokenBarrierPrefix));
        var example = report.Violations.Single(v => v.Kind == DurabilityViolationKind.RevertedData).Examples[0];
        Assert.Equal((156UL, 1L, 2L, 1L), (example.Sector, example.Sectors, example.ExpectedGeneration, example.FoundGeneration));
        Assert.Equal(2L, example.IntentSeqs[0]); // the write whose generation was reverted
    }

    [Fact]
    public void StaleCacheReplay_CopyCachedBeforeAnyWrite_RevertsToGenerationZero()
    {
        // The replayer's cache-replay reads block 156 at connect, before the workload wrote it: the
        // rewrites carry generation 0 (the disk's initial content), which is data all the same.
        var (ring, intents) = StaleCacheReplay();
        var stale = intents.Select(i => i.Kind == IntentKind.Flush ? i with { Generation = 0, Note = "cache-replay of block 156 (gen 0)" } : i).ToList();

        var report = Explore((ring, stale));

        Assert.True(report.StatesWith(DurabilityViolationKind.RevertedData) > 0);
        Assert.Equal(0, report.UnmappedRingWrites);
        var example = report.Violations.Single(v => v.Kind == DurabilityViolationKind.RevertedData).Examples[0];
        Assert.Equal((156UL, 0L), (example.Sector, example.FoundGeneration));
    }

    [Fact]
    public void NativeFlushAgainstLinux_FindsNothing()
    {
        var report = Explore(NativeFlushAgainstLinux(), Options with { RandomPoints = 64, RandomStatesPerPoint = 16 });

        Assert.True(report.Explored);
        Assert.True(report.StatesExplored >= 100);
        Assert.Equal(0, report.TotalViolations);
        Assert.Equal(0, report.UnmappedRingWrites);
        Assert.Equal(2, report.StoreFlushes);
    }

    [Fact]
    public void BackendThatSkipsStoreFlushes_BreaksTheBarrierPrefix()
    {
        var report = Explore(NativeFlushAgainstLinux(honest: false), Options with { RandomStatesPerPoint = 16 });

        Assert.True(report.StatesWith(DurabilityViolationKind.BrokenBarrierPrefix) > 0);
        Assert.True(report.StatesWith(DurabilityViolationKind.LostDurableWrite) > 0);
        var example = report.Violations.Single(v => v.Kind == DurabilityViolationKind.BrokenBarrierPrefix).Examples[0];
        Assert.Equal(3, example.IntentSeqs.Count);
        Assert.Contains("is durable while write intent", example.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Exploration_SameSeed_SameReport()
    {
        var replay = NativeFlushAgainstLinux(honest: false);

        string first = Json(Explore(replay));
        string second = Json(Explore(replay));

        Assert.Equal(first, second);
    }

    [Fact]
    public void Exploration_StateBudget_BoundsWhatIsExplored()
    {
        var report = Explore(OldBlkfrontAgainst2618(), Options with { MaxStates = 10, RandomStatesPerPoint = 4 });

        Assert.Equal(2, report.CrashPoints);
        Assert.True(report.CrashPointsAvailable > 2);
        Assert.Equal(10, report.StatesExplored);
        Assert.Contains("seeded subset", report.Note, StringComparison.Ordinal);
    }

    [Fact]
    public void Exploration_StoreWithoutWriteCacheModel_IsNotExplored()
    {
        var (ring, intents) = NativeFlushAgainstLinux();
        ring.Metadata = ring.Metadata with { Store = "file:/var/disk.img" };

        var report = CrashExplorer.Explore(ring.Rows, ring.Metadata, intents, Options);

        Assert.False(report.Explored);
        Assert.Contains("file:/var/disk.img", report.Note, StringComparison.Ordinal);
        Assert.True(CrashExplorer.Explore(ring.Rows, ring.Metadata, intents, Options with { RequireWriteCacheModel = false }).Explored);
    }

    [Fact]
    public void Exploration_RingWritesNoIntentClaims_AreCountedAndLeftOut()
    {
        var (ring, intents) = NativeFlushAgainstLinux();
        intents[5] = intents[5] with { RingIds = [] };

        var report = CrashExplorer.Explore(ring.Rows, ring.Metadata, intents, Options);

        Assert.Equal(1, report.UnmappedRingWrites);
        Assert.Contains("no intent claims", report.Note, StringComparison.Ordinal);
        Assert.Equal(0, report.TotalViolations);
    }

    [Fact]
    public void ReplayDirectory_TraceAndIntentLogOnDisk_SameAsInMemory()
    {
        using var dir = new TempDirectory();
        var (ring, intents) = OldBlkfrontAgainst2618();
        ring.Write(Path.Combine(dir.Path, ReplayInput.TraceDirectory), rowGroupRows: 3);
        IntentLogWriter.Write(Path.Combine(dir.Path, IntentLogSchema.FileName), intents, ring.Metadata.ToKeyValues());

        var input = ReplayInput.Resolve(dir.Path);
        var result = ReplayAnalysis.Run(input, crash: Options);

        Assert.Equal(Path.GetFileName(dir.Path), result.Trace.Name);
        Assert.Equal(Json(Explore((ring, intents))), Json(result.Durability!));
        Assert.Equal("linux-blkfront", result.Trace.Strategy);
        string report = AnalysisReport.Format(result);
        Assert.Contains("lost-durable-write", report, StringComparison.Ordinal);
        Assert.Contains("  ! 2 of 3 flush intents told OKAY sent nothing to the backend\n", report, StringComparison.Ordinal);
        Assert.Contains("  ! crash states: ", report, StringComparison.Ordinal);
    }

    private static string Json(DurabilityReport report) =>
        AnalysisJson.Serialize(new AnalysisResult { Trace = new TraceSummary { Name = "x" }, Durability = report });
}
