using BlkTrace.Protocol.Blkif;
using BlkTrace.Replay.Source;
using BlkTrace.Tests.Support;
using BlkTrace.Tests.Trace;
using BlkTrace.Trace.Intents;

namespace BlkTrace.Tests.Replay;

public class IntentLifterTests
{
    [Fact]
    public void Lift_EachRequestShape_BecomesTheIntentDesignSection5Says()
    {
        var t = new SourceTrace();
        t.Read(8, 8).Write(16, 8, hash: 1).Discard(64, 32).Flush().EmptyBarrier().DataBarrier(100, 4, hash: 2).DataBarrier(16, 8, hash: 1);
        t.Op(BlkifOperation.FlushDiskCache, 200, 8, hash: 3);
        var w = t.Lift();
        Assert.Equal(
            [IntentKind.Read, IntentKind.Write, IntentKind.Discard, IntentKind.Flush, IntentKind.Flush, IntentKind.DurableWrite, IntentKind.Flush, IntentKind.Flush, IntentKind.Write],
            w.Intents.Select(i => i.Kind));
        Assert.Equal(
            [SourceOrigin.Read, SourceOrigin.Write, SourceOrigin.Discard, SourceOrigin.FlushDiskCache, SourceOrigin.EmptyBarrier, SourceOrigin.DataBarrier, SourceOrigin.RepeatedDataBarrier, SourceOrigin.FlushWithData, SourceOrigin.FlushWithData],
            w.Intents.Select(i => i.Origin));
        Assert.Equal((200UL, 8), (w.Intents[8].Sector, w.Intents[8].Sectors));
        Assert.Equal(w.Intents[7].SourceSeq, w.Intents[8].SourceSeq);
        Assert.Equal((0UL, 0), (w.Intents[6].Sector, w.Intents[6].Sectors));
    }

    [Fact]
    public void Lift_NoDataHash_SecondOnePageBarrierOfTheSameRangeIsAFlush()
    {
        var t = new SourceTrace();
        t.Write(156, 1).DataBarrier(156, 1).Write(156, 1).DataBarrier(156, 1).DataBarrier(156, 1).DataBarrier(1000, 16).DataBarrier(1000, 16);
        var w = t.Lift();
        Assert.Equal(
            [IntentKind.Write, IntentKind.DurableWrite, IntentKind.Write, IntentKind.Flush, IntentKind.Flush, IntentKind.DurableWrite, IntentKind.DurableWrite],
            w.Intents.Select(i => i.Kind));
        Assert.Equal(SourceOrigin.RewrittenBlockBarrier, w.Intents[3].Origin);
    }

    [Fact]
    public void Lift_BadRequests_SkippedAndCountedByReason()
    {
        var t = new SourceTrace { Sectors = 1024 };
        t.Write(0, 8).Op(BlkifOperation.Reserved1).Op(BlkifOperation.Write, 16, 0).Write(1020, 8).Op((BlkifOperation)200, 0, 0);
        var w = t.Lift();
        Assert.Single(w.Intents);
        Assert.Equal(5, w.Counts.Requests);
        Assert.Equal(1, w.Counts.Skipped["unknown op 4"]);
        Assert.Equal(1, w.Counts.Skipped["unknown op 200"]);
        Assert.Equal(1, w.Counts.Skipped["0-sector read or write"]);
        Assert.Equal(1, w.Counts.Skipped["beyond the disk"]);
        Assert.Equal(4, w.Counts.FirstSkipped.Count);
        Assert.Equal(1024UL, w.DiskSectors);
    }

    [Fact]
    public void Lift_ConcurrentRequests_DependenciesAreWhatHadCompletedAtIssue()
    {
        var t = new SourceTrace();
        ulong a = t.Request(BlkifOperation.Write, 0, 8);
        ulong b = t.Request(BlkifOperation.Write, 8, 8);
        t.Respond(b);
        ulong c = t.Request(BlkifOperation.Read, 8, 8);
        t.Respond(a);
        t.Respond(c, op: BlkifOperation.Read);
        t.Request(BlkifOperation.FlushDiskCache);
        var w = t.Lift();
        Assert.Equal([0, 0, 1, 3], w.Intents.Select(i => i.CompletedBefore));
        Assert.Equal([0, 1, 1, 0], w.Intents.Select(i => i.InFlightAtIssue));
        Assert.Equal([1, 0, 2], w.CompletionOrder);
        Assert.Equal(-1, w.Intents[3].DoneNs);
        Assert.Equal(1, w.Counts.Unanswered);
    }

    [Fact]
    public void Lift_NoSectorsInMetadata_DiskIsHighestSectorRoundedToAMiB()
    {
        var t = new SourceTrace();
        t.Write(5000, 8);
        var meta = t.Metadata with { Sectors = null };
        var w = IntentLifter.Lift(t.Rows, meta);
        Assert.Equal(6144UL, w.DiskSectors);
    }

    [Fact]
    public void Lift_SampleJournalOn2618_EveryEmptyBarrierIsAFlushIntent()
    {
        var w = IntentLifter.Lift(Path.Combine(TestPaths.RepoRoot, "sample-traces", "journal-linux-2.6.18.parquet"));
        Assert.Equal(4000, w.Intents.Count);
        Assert.Equal(800, w.Intents.Count(i => i.Kind == IntentKind.Flush));
        Assert.Equal(800, w.Counts.Lifted["EmptyBarrier"]);
        Assert.All(w.Intents.Where(i => i.Kind == IntentKind.Flush), i => Assert.Equal(BlkifStatus.Error, i.Status));
        Assert.Equal(524288UL, w.DiskSectors);
    }

    [Fact]
    public void Lift_FromFile_SameAsFromRows()
    {
        using var dir = new TempDirectory();
        var t = SourceTrace.Mixed(200, seed: 3);
        var fromFile = IntentLifter.Lift(t.WriteTo(dir.Path));
        Assert.Equal(t.Lift().Intents, fromFile.Intents);
    }

    [Fact]
    public void Lift_NotATrace_OneLineErrorNamingTheFile()
    {
        using var dir = new TempDirectory();
        string path = dir.Combine("notes.parquet");
        File.WriteAllText(path, "this is not parquet at all, just text");
        var e = Assert.Throws<InvalidDataException>(() => IntentLifter.Lift(path));
        Assert.Contains(path, e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
    }
}
