using BlkTrace.Backend.Profiles;
using BlkTrace.Backend.Stores;
using BlkTrace.Frontend;
using BlkTrace.Frontend.Workloads;
using BlkTrace.Protocol.Blkif;

namespace BlkTrace.Tests.Frontend;

public class WorkloadTests
{
    private static List<WorkloadOp> Take(WorkloadOptions options, int n)
    {
        var g = new WorkloadGenerator(options.WithDefaults(indirect: false), 1 << 16);
        return [.. Enumerable.Range(0, n).Select(_ => g.Next())];
    }

    [Fact]
    public void Generator_SameSeed_SameStream_OtherSeed_Differs()
    {
        var o = new WorkloadOptions { Kind = WorkloadKind.Fileserver, Seed = 5 };
        Assert.Equal(Take(o, 500), Take(o, 500));
        Assert.NotEqual(Take(o, 500), Take(o with { Seed = 6 }, 500));
    }

    [Fact]
    public void Generator_Oltp_Random8KiBWritesWithAFlushEverySixteen()
    {
        var ops = Take(new WorkloadOptions { Kind = WorkloadKind.Oltp }, 170);
        Assert.All(ops.Where(o => o.Kind != WorkloadOpKind.Flush), o => Assert.Equal((WorkloadOpKind.Write, 16, 0UL), (o.Kind, o.Sectors, o.Sector % 16)));
        Assert.Equal([16, 33, 50], ops.Select((o, i) => (o, i)).Where(x => x.o.Kind == WorkloadOpKind.Flush).Select(x => x.i).Take(3));
    }

    [Fact]
    public void Generator_Journal_SequentialAppendsAndWaitingCommits()
    {
        var ops = Take(new WorkloadOptions { Kind = WorkloadKind.Journal }, 10);
        Assert.Equal([0UL, 8, 16, 24], ops.Take(4).Select(o => o.Sector));
        Assert.Equal(new WorkloadOp(WorkloadOpKind.Flush, 0, 0, true), ops[4]);
        Assert.Equal(32UL, ops[5].Sector);
    }

    [Fact]
    public void Generator_Fileserver_MixesReadsAndWrites()
    {
        var ops = Take(new WorkloadOptions { Kind = WorkloadKind.Fileserver }, 2000);
        double reads = ops.Count(o => o.Kind == WorkloadOpKind.Read) / (double)ops.Count(o => o.Kind != WorkloadOpKind.Flush);
        Assert.InRange(reads, 0.5, 0.7);
        Assert.True(ops.Select(o => o.Sectors).Distinct().Count() >= 4);
    }

    [Fact]
    public void DataStamp_RoundTripsAndCatchesMisplacedOrTornSectors()
    {
        var sector = new byte[512];
        DataStamp.FillSector(sector, 1234, 99, 7);
        Assert.Equal(StampCheck.Ok, DataStamp.Check(sector, 1234, 7, out ulong g));
        Assert.Equal(99UL, g);
        Assert.Equal(StampCheck.WrongSector, DataStamp.Check(sector, 1235, 7, out _));
        Assert.Equal(StampCheck.WrongSeed, DataStamp.Check(sector, 1234, 8, out _));
        sector[300] ^= 1;
        Assert.Equal(StampCheck.Torn, DataStamp.Check(sector, 1234, 7, out _));
        Assert.Equal(StampCheck.Zero, DataStamp.Check(new byte[512], 1, 7, out _));
    }

    [Fact]
    public void LatencyHistogram_Percentiles_WithinBucketError()
    {
        var h = new LatencyHistogram();
        long tick = System.Diagnostics.Stopwatch.Frequency / 1_000_000;
        for (int us = 1; us <= 1000; us++)
        {
            h.Record(0, us * tick);
        }

        Assert.InRange(h.PercentileMicroseconds(0.5), 500 * 0.93, 500 * 1.07);
        Assert.InRange(h.PercentileMicroseconds(0.99), 990 * 0.93, 990 * 1.07);
        Assert.InRange(h.MaxMicroseconds, 999, 1001);
    }

    [Theory]
    [InlineData("linux", WorkloadKind.Oltp, FlushMode.FlushDiskCache)]
    [InlineData("linux", WorkloadKind.Streaming, FlushMode.FlushDiskCache)]
    [InlineData("qemu", WorkloadKind.Fileserver, FlushMode.FlushDiskCache)]
    [InlineData("netbsd", WorkloadKind.Journal, FlushMode.FlushDiskCache)]
    [InlineData("tapdisk", WorkloadKind.Journal, FlushMode.Barrier)]
    [InlineData("solaris", WorkloadKind.Oltp, FlushMode.Barrier)]
    public void Run_AgainstABackend_EveryWrittenSectorReadsBackAsWritten(string profile, WorkloadKind kind, FlushMode mode)
    {
        using var device = new InProcessDevice(BackendProfiles.ByName(profile), new MemoryBlockStore(1 << 16, writeCache: true), new FrontendOptions { RingPageOrder = 2 });
        var runner = new WorkloadRunner(device.Driver.Queues[0], device.Driver.Features, device.Driver.Disk,
            new WorkloadOptions { Kind = kind, Seed = 3, QueueDepth = 32, MaxRequests = 3000 });
        Assert.Equal(mode, runner.FlushMode);
        var result = runner.Run(CancellationToken.None);
        Assert.Equal(3000, result.Requests);
        Assert.Equal(0, result.Errors + result.NotSupported + result.ReadMismatches + result.UnexpectedResponses);
        Assert.True(result.Flushes > 0);
        var verify = runner.Verify(CancellationToken.None);
        Assert.Equal(0, verify.Mismatches);
        Assert.Equal(result.DistinctSectorsWritten, verify.SectorsChecked);
        if (profile != "tapdisk")
        {
            Assert.Equal(result.Flushes, device.Store.Counters.Flushes);
        }
    }

    [Fact]
    public void Run_Linux2618_EmptyBarriersAreAnsweredError()
    {
        using var device = new InProcessDevice(BackendProfiles.Linux2618);
        var runner = new WorkloadRunner(device.Driver.Queues[0], device.Driver.Features, device.Driver.Disk,
            new WorkloadOptions { Kind = WorkloadKind.Oltp, MaxRequests = 200 });
        var result = runner.Run(CancellationToken.None);
        Assert.Equal(FlushMode.Barrier, result.FlushMode);
        Assert.Equal(result.Flushes, result.Errors);
        Assert.True(result.Flushes > 0);
    }

    [Fact]
    public void Run_NoFlushFeature_SkipsFlushIntents()
    {
        using var device = new InProcessDevice(BackendProfiles.Linux, new MemoryBlockStore(1 << 16));
        var runner = new WorkloadRunner(device.Driver.Queues[0], device.Driver.Features, device.Driver.Disk,
            new WorkloadOptions { Kind = WorkloadKind.Oltp, MaxRequests = 100 });
        var result = runner.Run(CancellationToken.None);
        Assert.Equal(FlushMode.None, result.FlushMode);
        Assert.Equal(0, result.Flushes);
        Assert.True(result.FlushesSkipped > 0);
    }
}
