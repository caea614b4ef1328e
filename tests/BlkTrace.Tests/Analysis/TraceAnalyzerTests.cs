using BlkTrace.Analysis;
using BlkTrace.Protocol.Blkif;
using BlkTrace.Tests.Trace;

namespace BlkTrace.Tests.Analysis;

/// <summary>Hand-built traces with answers worked out by hand, one per metric.</summary>
public class TraceAnalyzerTests
{
    private static AnalysisResult Run(TraceBuilder b, AnalyzerOptions? options = null) =>
        TraceAnalyzer.Analyze(b.Rows, b.Metadata, options, "hand-built");

    [Fact]
    public void Counts_EveryClassAndOutcome_AreTabulatedWithBytes()
    {
        var b = new TraceBuilder()
            .Request(0, 1, BlkifOperation.Read, 0, 8).Response(10, 1)
            .Request(20, 2, BlkifOperation.Write, 8, 16).Response(30, 2)
            .Request(40, 3, BlkifOperation.Write, 24, 8).Response(50, 3, BlkifStatus.Error)
            .Request(60, 4, BlkifOperation.FlushDiskCache).Response(70, 4, BlkifStatus.EOpNotSupp)
            .Request(80, 5, BlkifOperation.WriteBarrier).Response(90, 5)
            .Request(100, 6, BlkifOperation.WriteBarrier, 32, 8).Response(110, 6)
            .Request(120, 7, BlkifOperation.Discard, 64, 128).Response(130, 7)
            .Request(140, 8, (BlkifOperation)9).Response(150, 8, (BlkifStatus)(-7))
            .Indirect(160, 9, BlkifOperation.Read, 1024, 256).Response(170, 9)
            .Request(180, 10, BlkifOperation.Write, 2048, 8);

        var r = Run(b);

        var ops = r.Ops.ToDictionary(o => o.Op);
        Assert.Equal(new OpTotals(OpClass.Read, 2, 2, 0, 0, 0, 0, (8 + 256) * 512L), ops[OpClass.Read]);
        Assert.Equal(new OpTotals(OpClass.Write, 3, 1, 1, 0, 0, 1, (16 + 8 + 8) * 512L), ops[OpClass.Write]);
        Assert.Equal(new OpTotals(OpClass.Flush, 1, 0, 0, 1, 0, 0, 0), ops[OpClass.Flush]);
        Assert.Equal(new OpTotals(OpClass.EmptyBarrier, 1, 1, 0, 0, 0, 0, 0), ops[OpClass.EmptyBarrier]);
        Assert.Equal(new OpTotals(OpClass.DataBarrier, 1, 1, 0, 0, 0, 0, 8 * 512L), ops[OpClass.DataBarrier]);
        Assert.Equal(new OpTotals(OpClass.Discard, 1, 1, 0, 0, 0, 0, 128 * 512L), ops[OpClass.Discard]);
        Assert.Equal(new OpTotals(OpClass.Other, 1, 0, 0, 0, 1, 0, 0), ops[OpClass.Other]);
        Assert.Contains(new OpStatusCount(OpClass.Write, Outcome.Unanswered, 1, 8 * 512L), r.Counts);
        Assert.Equal((19L, 10L, 9L, 0L), (r.Trace.Rows, r.Trace.Requests, r.Trace.Responses, r.Trace.StoreFlushes));

        // Throughput counts answered requests; bytes of reads, and of writes, barriers and flushes with data.
        Assert.Equal(9, r.Throughput.Completed);
        Assert.Equal((8 + 256) * 512L, r.Throughput.ReadBytes);
        Assert.Equal((16 + 8 + 8) * 512L, r.Throughput.WriteBytes);
        Assert.Equal(180e-9, r.Throughput.DurationSeconds, 12);
        Assert.Equal(9 / 180e-9, r.Throughput.Iops, 3);
    }

    [Fact]
    public void Latency_SmallValues_PercentilesAreExactNearestRank()
    {
        var b = new TraceBuilder();
        long t = 0;
        for (ulong i = 1; i <= 100; i++)
        {
            b.Request(t, i, BlkifOperation.Read, 0, 8).Response(t + (long)i, i);
            t += 1000;
        }

        var read = Run(b).LatencyOf("read")!;

        Assert.Equal((100L, 1L, 50.5, 50L, 90L, 99L, 100L, 100L), (read.Count, read.MinNs, read.MeanNs, read.P50Ns, read.P90Ns, read.P99Ns, read.P999Ns, read.MaxNs));
        Assert.Equal((100L, 1.0), (read.Cdf[^1].ValueNs, read.Cdf[^1].Fraction));
    }

    [Fact]
    public void Latency_LargeValues_ReportBucketHighWithinOnePercent()
    {
        var b = new TraceBuilder()
            .Request(0, 1, BlkifOperation.Write, 0, 8).Response(1_000_000, 1)
            .Request(2_000_000, 2, BlkifOperation.Write, 0, 8).Response(2_000_000 + 3_000_000, 2)
            .Request(6_000_000, 3, BlkifOperation.FlushDiskCache).Response(6_000_000 + 40_000, 3);

        var r = Run(b);
        var write = r.LatencyOf("write")!;

        // 1,000,000 lies in [2^19 + 116·2^12, +2^12): that bucket's highest value is 1,003,519.
        Assert.Equal(1_003_519, write.P50Ns);
        Assert.Equal(3_000_000, write.P99Ns); // capped at the exact maximum
        Assert.Equal(2_000_000, write.MeanNs);
        Assert.Equal(40_000, r.LatencyOf(TraceAnalyzer.FlushLatency)!.MaxNs);
        Assert.Equal(3, r.LatencyOf(TraceAnalyzer.AllLatency)!.Count);
    }

    [Fact]
    public void TimeSeries_CompletionsByResponseBin_WithBytesFlushesAndErrors()
    {
        var b = new TraceBuilder()
            .Request(100, 1, BlkifOperation.Read, 0, 8).Response(900, 1)
            .Request(950, 2, BlkifOperation.Write, 0, 16).Response(1_100, 2)
            .Request(1_200, 3, BlkifOperation.FlushDiskCache).Response(2_500, 3, BlkifStatus.Error);

        var s = Run(b, new AnalyzerOptions { BinNs = 1_000 }).Series;

        Assert.Equal(1_000, s.BinNs);
        Assert.Equal([0L, 1_000L, 2_000L], s.Bins.Select(x => x.StartNs));
        Assert.Equal([1L, 1L, 1L], s.Bins.Select(x => x.Completed));
        Assert.Equal([1L, 0L, 0L], s.Bins.Select(x => x.Reads));
        Assert.Equal([0L, 1L, 0L], s.Bins.Select(x => x.Writes));
        Assert.Equal([4096L, 0L, 0L], s.Bins.Select(x => x.ReadBytes));
        Assert.Equal([0L, 8192L, 0L], s.Bins.Select(x => x.WriteBytes));
        Assert.Equal([0L, 0L, 1L], s.Bins.Select(x => x.Flushes));
        Assert.Equal([0L, 0L, 1L], s.Bins.Select(x => x.Errors));
        Assert.Equal(1e6, s.Bins[0].Iops, 6);
        Assert.Equal(4096 / 1e-6 / 1e6, s.Bins[0].MBps, 6);
    }

    [Fact]
    public void QueueDepth_OverlappingRequests_TimeWeightedMeanAndMax()
    {
        // A in flight 0..300, B 100..400: depth 1 for 100 ns, 2 for 200 ns, 1 for 100 ns over 400 ns.
        var b = new TraceBuilder()
            .Request(0, 1, BlkifOperation.Read, 0, 8)
            .Request(100, 2, BlkifOperation.Read, 8, 8)
            .Response(300, 1)
            .Response(400, 2);

        var s = Run(b).Series;

        Assert.Equal(1.5, s.Bins.Single().QueueDepthMean, 12);
        Assert.Equal(2, s.Bins.Single().QueueDepthMax);
        Assert.Equal(2, s.Rings.Single().MaxInFlight);
        Assert.Equal(1.5, s.Rings.Single().QueueDepthMean.Single(), 12);
    }

    [Fact]
    public void QueueDepth_IdleBinsWhileRequestsOutstanding_CarryTheDepth()
    {
        var b = new TraceBuilder()
            .Request(0, 1, BlkifOperation.Read, 0, 8)
            .Request(0, 2, BlkifOperation.Read, 8, 8)
            .Response(3_500, 1)
            .Response(4_000, 2);

        var s = Run(b, new AnalyzerOptions { BinNs = 1_000 }).Series;

        // The last bin starts at the last row: it covers no time, so its mean is 0.
        Assert.Equal([2.0, 2.0, 2.0, 1.5, 0.0], s.Bins.Select(x => x.QueueDepthMean));
        Assert.Equal([2, 2, 2, 2, 0], s.Bins.Select(x => x.QueueDepthMax));
    }

    [Fact]
    public void Flushes_RateFailuresAndStoreFlushes_AreCounted()
    {
        var b = new TraceBuilder()
            .Request(0, 1, BlkifOperation.FlushDiskCache).StoreFlush(10, 1).Response(20, 1)
            .Request(1_000_000_000, 2, BlkifOperation.WriteBarrier).Response(1_000_000_020, 2, BlkifStatus.Error)
            .Request(2_000_000_000, 3, BlkifOperation.WriteBarrier, 0, 8).StoreFlush(2_000_000_010, 3).Response(2_000_000_020, 3);

        var f = Run(b).Flushes;

        Assert.Equal(new FlushSummary(3, 3 / 2.00000002, 1, 1, 1, 1, 2), f with { PerSecond = 3 / 2.00000002 });
        Assert.Equal(3 / 2.00000002, f.PerSecond, 9);
    }

    [Fact]
    public void BinWidth_TraceLongerThanMaxBins_DoublesAndKeepsTotals()
    {
        var b = new TraceBuilder();
        for (ulong i = 0; i < 10; i++)
        {
            b.Request((long)i * 1_000, i, BlkifOperation.Read, 0, 8).Response(((long)i * 1_000) + 500, i);
        }

        var s = Run(b, new AnalyzerOptions { BinNs = 1_000, MaxBins = 4 }).Series;

        Assert.Equal(4_000, s.BinNs);
        Assert.Equal([4L, 4L, 2L], s.Bins.Select(x => x.Completed));
        Assert.Equal(10 * 4096L, s.Bins.Sum(x => x.ReadBytes));
    }

    [Fact]
    public void Analyze_FileWithManyRowGroups_SameResultWithOneOrTwoDecoders()
    {
        using var dir = new TempDirectory();
        var b = new TraceBuilder();
        var rng = new Random(5);
        var open = new List<ulong>();
        long t = 0;
        for (ulong id = 0; id < 400; id++)
        {
            t += rng.Next(1, 500);
            b.Request(t, id, rng.Next(3) == 0 ? BlkifOperation.Write : BlkifOperation.Read, (ulong)rng.Next(1000) * 8, 8 * rng.Next(1, 4));
            open.Add(id);
            while (open.Count > 0 && rng.Next(2) == 0)
            {
                int k = rng.Next(open.Count);
                t += rng.Next(1, 500);
                b.Response(t, open[k], rng.Next(20) == 0 ? BlkifStatus.Error : BlkifStatus.Okay);
                open.RemoveAt(k);
            }
        }

        b.Write(dir.Path, rowGroupRows: 13);

        var one = TraceAnalyzer.Analyze(dir.Path, new AnalyzerOptions { Decoders = 1 });
        var two = TraceAnalyzer.Analyze(dir.Path, new AnalyzerOptions { Decoders = 2 });
        var three = TraceAnalyzer.Analyze(dir.Path, new AnalyzerOptions { Decoders = 3 });
        var memory = TraceAnalyzer.Analyze(b.Rows, b.Metadata, null, one.Trace.Name);

        Assert.Equal(AnalysisJson.Serialize(one), AnalysisJson.Serialize(two));
        Assert.Equal(AnalysisJson.Serialize(one), AnalysisJson.Serialize(three));
        Assert.Equal(AnalysisJson.Serialize(one), AnalysisJson.Serialize(memory));
        Assert.Equal(b.Rows.Count, one.Trace.Rows);
    }

    [Fact]
    public void Json_Result_RoundTrips()
    {
        var b = new TraceBuilder()
            .Request(0, 1, BlkifOperation.WriteBarrier).Response(10, 1, BlkifStatus.Error)
            .Request(20, 2, BlkifOperation.Read, 0, 8).Response(900, 2);
        var r = Run(b);

        string json = AnalysisJson.Serialize(r);
        var back = AnalysisJson.Deserialize(json, "test.json");

        Assert.Equal(json, AnalysisJson.Serialize(back));
        Assert.Contains("\"op\": \"barrier-empty\"", json, StringComparison.Ordinal);
        Assert.Contains("\"kind\": \"flush-failed\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Json_NotAResult_IsInvalidDataNamingTheSource()
    {
        var e = Assert.Throws<InvalidDataException>(() => AnalysisJson.Deserialize("{\"x\": 1}", "other.json"));
        Assert.StartsWith("other.json: ", e.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidDataException>(() => AnalysisJson.Deserialize("not json", "bad.json"));
    }
}
