using BlkTrace.Analysis;
using BlkTrace.Protocol.Blkif;

namespace BlkTrace.Tests.Analysis;

/// <summary>Every ring-level violation and protocol fault of design.md §6, each on the smallest trace that shows it.</summary>
public class RingViolationTests
{
    private static AnalysisResult Run(TraceBuilder b, AnalyzerOptions? options = null) =>
        TraceAnalyzer.Analyze(b.Rows, b.Metadata, options, "hand-built");

    private static RingViolation Only(AnalysisResult r, RingViolationKind kind)
    {
        foreach (var v in r.Violations.Where(v => v.Kind != kind))
        {
            Assert.True(v.Count == 0, $"unexpected {RingViolations.Name(v.Kind)}: {string.Join("; ", v.Examples.Select(e => e.Detail))}");
        }

        var summary = r.Violations.Single(v => v.Kind == kind);
        Assert.Equal(1, summary.Count);
        return summary.Examples.Single();
    }

    [Fact]
    public void BarrierOvertaken_BarrierCompletesBeforeEarlierWrite_ReportsBothIds()
    {
        var b = new TraceBuilder()
            .Request(0, 10, BlkifOperation.Write, 0, 8)
            .Request(10, 20, BlkifOperation.WriteBarrier)
            .StoreFlush(15, 20)
            .Response(20, 20)
            .Response(30, 10);

        var v = Only(Run(b), RingViolationKind.BarrierOvertaken);

        Assert.Equal([20UL, 10UL], v.Ids);
        Assert.Equal([1L, 3L, 0L], v.Seqs);
    }

    [Fact]
    public void OvertookBarrier_LaterWriteCompletesBeforeBarrier_ReportsBothIds()
    {
        var b = new TraceBuilder()
            .Request(0, 20, BlkifOperation.WriteBarrier, 0, 8)
            .Request(10, 30, BlkifOperation.Write, 8, 8)
            .Response(20, 30)
            .StoreFlush(25, 20)
            .Response(30, 20);

        var v = Only(Run(b), RingViolationKind.OvertookBarrier);

        Assert.Equal([30UL, 20UL], v.Ids);
        Assert.Equal([1L, 2L, 0L], v.Seqs);
    }

    [Fact]
    public void Ordering_BarrierWaitsForEarlierAndHoldsLater_NoViolation()
    {
        var b = new TraceBuilder()
            .Request(0, 1, BlkifOperation.Write, 0, 8)
            .Request(1, 2, BlkifOperation.WriteBarrier, 8, 8)
            .Request(2, 3, BlkifOperation.Write, 16, 8)
            .Response(3, 1)
            .StoreFlush(4, 2)
            .Response(5, 2)
            .Response(6, 3)
            .Request(7, 4, BlkifOperation.Write, 0, 8, queue: 1)
            .Response(8, 4, queue: 1);

        Assert.All(Run(b).Violations, v => Assert.Equal(0, v.Count));
    }

    [Fact]
    public void Ordering_OtherRing_IsNotOrderedByThisRingsBarrier()
    {
        var b = new TraceBuilder()
            .Request(0, 1, BlkifOperation.Write, 0, 8, queue: 1)
            .Request(1, 2, BlkifOperation.WriteBarrier)
            .StoreFlush(2, 2)
            .Response(3, 2)
            .Response(4, 1, queue: 1);

        Assert.All(Run(b).Violations, v => Assert.Equal(0, v.Count));
    }

    [Theory]
    [InlineData(BlkifOperation.FlushDiskCache, 0, BlkifStatus.Error)]
    [InlineData(BlkifOperation.WriteBarrier, 0, BlkifStatus.EOpNotSupp)]
    [InlineData(BlkifOperation.WriteBarrier, 8, BlkifStatus.Error)]
    public void FlushFailed_FlushOrBarrierNotOkay_IsReported(BlkifOperation op, int sectors, BlkifStatus status)
    {
        var b = new TraceBuilder().Request(0, 5, op, 0, sectors).Response(10, 5, status);

        var v = Only(Run(b), RingViolationKind.FlushFailed);

        Assert.Equal([5UL], v.Ids);
        Assert.Equal([0L, 1L], v.Seqs);
    }

    [Fact]
    public void FlushNotHonoured_OkayWithoutStoreFlush_IsReported()
    {
        var b = new TraceBuilder()
            .Request(0, 1, BlkifOperation.FlushDiskCache).StoreFlush(5, 1).Response(10, 1)
            .Request(20, 2, BlkifOperation.FlushDiskCache).Response(30, 2);

        var r = Run(b);
        var v = Only(r, RingViolationKind.FlushNotHonoured);

        Assert.True(r.Trace.StoreFlushesRecorded);
        Assert.Equal([2UL], v.Ids);
        Assert.Equal([3L, 4L], v.Seqs);
    }

    [Fact]
    public void FlushNotHonoured_StoreFlushForAnotherRequestInBetween_CountsAsHonoured()
    {
        var b = new TraceBuilder()
            .Request(0, 1, BlkifOperation.FlushDiskCache)
            .Request(1, 2, BlkifOperation.FlushDiskCache)
            .StoreFlush(5, 1)
            .Response(10, 1)
            .Response(11, 2);

        Assert.Equal(0, Run(b).ViolationCount(RingViolationKind.FlushNotHonoured));
    }

    [Fact]
    public void FlushNotHonoured_TraceWithoutStoreFlushRecording_IsNotChecked()
    {
        var b = new TraceBuilder().Request(0, 1, BlkifOperation.FlushDiskCache).Response(10, 1);
        b.Metadata = b.Metadata with { Store = null };

        var r = Run(b);

        Assert.False(r.Trace.StoreFlushesRecorded);
        Assert.Equal(0, r.ViolationCount(RingViolationKind.FlushNotHonoured));
        Assert.Contains("not checked", AnalysisReport.Format(r), StringComparison.Ordinal);
        Assert.Equal(1, Run(b, new AnalyzerOptions { StoreFlushesRecorded = true }).ViolationCount(RingViolationKind.FlushNotHonoured));
    }

    [Fact]
    public void ResponseWithoutRequest_IsAProtocolFault()
    {
        var b = new TraceBuilder()
            .Request(0, 1, BlkifOperation.Read, 0, 8).Response(10, 1)
            .Response(20, 1)
            .Request(30, 2, BlkifOperation.Read, 0, 8).Response(40, 2, queue: 1);

        var r = Run(b);

        Assert.Equal(2, r.ViolationCount(RingViolationKind.ResponseWithoutRequest));
        var first = r.Violations.Single(v => v.Kind == RingViolationKind.ResponseWithoutRequest).Examples[0];
        Assert.Equal([1UL], first.Ids);
        Assert.Equal([2L], first.Seqs);
        Assert.Equal(1, r.Ops.Single(o => o.Op == OpClass.Read).Unanswered);
    }

    [Fact]
    public void IdReusedInFlight_IsAFault_AndBothResponsesStillPair()
    {
        var b = new TraceBuilder()
            .Request(0, 7, BlkifOperation.Read, 0, 8)
            .Request(10, 7, BlkifOperation.Write, 8, 8)
            .Response(20, 7)
            .Response(30, 7);

        var r = Run(b);
        var v = Only(r, RingViolationKind.IdReusedInFlight);

        Assert.Equal([7UL], v.Ids);
        Assert.Equal([0L, 1L], v.Seqs);
        Assert.Equal(20, r.LatencyOf("read")!.MaxNs);
        Assert.Equal(20, r.LatencyOf("write")!.MaxNs);
    }

    [Fact]
    public void RingOverflow_MoreThanRingSizeOutstanding_IsAFault()
    {
        var b = new TraceBuilder();
        b.Metadata = b.Metadata with { RingSize = 4 };
        for (ulong id = 0; id < 6; id++)
        {
            b.Request((long)id, id, BlkifOperation.Read, 0, 8);
        }

        var r = Run(b);

        Assert.Equal(2, r.ViolationCount(RingViolationKind.RingOverflow));
        Assert.Equal([4L], r.Violations.Single(v => v.Kind == RingViolationKind.RingOverflow).Examples[0].Seqs);
        Assert.Equal(6, r.Ops.Single(o => o.Op == OpClass.Read).Unanswered);
    }

    [Fact]
    public void RingOverflow_RingSizeUnknown_IsNotChecked()
    {
        var b = new TraceBuilder();
        b.Metadata = b.Metadata with { RingSize = null };
        for (ulong id = 0; id < 40; id++)
        {
            b.Request((long)id, id, BlkifOperation.Read, 0, 8);
        }

        var r = Run(b);

        Assert.Null(r.Trace.RingSize);
        Assert.Equal(0, r.ViolationCount(RingViolationKind.RingOverflow));
        Assert.Equal(8, Run(b, new AnalyzerOptions { RingSize = 32 }).ViolationCount(RingViolationKind.RingOverflow));
    }

    [Fact]
    public void Examples_ManyViolations_AllCountedFewKept()
    {
        var b = new TraceBuilder();
        for (ulong id = 0; id < 50; id++)
        {
            b.Request((long)id * 10, id, BlkifOperation.FlushDiskCache).Response(((long)id * 10) + 5, id, BlkifStatus.Error);
        }

        var summary = Run(b, new AnalyzerOptions { MaxExamples = 3 }).Violations.Single(v => v.Kind == RingViolationKind.FlushFailed);

        Assert.Equal(50, summary.Count);
        Assert.Equal([0UL, 1UL, 2UL], summary.Examples.Select(e => e.Ids[0]));
    }
}
