using BlkTrace.Backend.Profiles;
using BlkTrace.Backend.Stores;
using BlkTrace.Protocol.Blkif;
using BlkTrace.Protocol.XenStore;

namespace BlkTrace.Tests.Backend;

/// <summary>What every backend profile must do; each profile's test class inherits it and adds its column of the table.</summary>
public abstract class ProfileContract
{
    protected abstract BackendProfile Profile { get; }

    /// <summary>Feature keys written over a store with a volatile cache and discard.</summary>
    protected abstract string[] ExpectedFeatures { get; }

    /// <summary>Store flushes done for a 0-segment WRITE_BARRIER and a 0-segment FLUSH_DISKCACHE.</summary>
    protected abstract (int Barrier, int Flush) ExpectedEmptyFlushes { get; }

    public static TheoryData<string> Shapes => [.. ProfileTable.Shapes];

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Table_Request_AnswersTheProfilesStatus(string shape)
    {
        using var h = new RingHarness(Profile, readOnly: shape.StartsWith("ro-", StringComparison.Ordinal));
        var response = Assert.Single(h.Run(ProfileTable.Build(shape, h)));
        Assert.Equal(77UL, response.Id);
        Assert.Equal(ProfileTable.Expected(Profile.Name, shape), response.Status);
        Assert.Equal(1, h.Service.Counters.TotalResponses);
    }

    [Fact]
    public void Features_VolatileCacheStore_AdvertisesWhatTheRealBackendDoes()
    {
        using var store = new MemoryBlockStore(2048, writeCache: true);
        var keys = Profile.Features(store, Profile.MaxQueues, Profile.MaxRingPageOrder, 512)
            .Where(k => k.Value != "0" && !k.Key.StartsWith("discard-", StringComparison.Ordinal))
            .Select(k => k.Value == "1" ? k.Key : k.Key + "=" + k.Value)
            .Order(StringComparer.Ordinal);
        Assert.Equal(ExpectedFeatures.Order(StringComparer.Ordinal), keys);
    }

    [Fact]
    public void WriteThenRead_ValidRequests_DataRoundTrips()
    {
        using var h = new RingHarness(Profile);
        h.Page(0).Fill(0xA5);
        h.Page(1).Fill(0x5A);
        Assert.Equal(BlkifStatus.Okay, h.StatusOf(BlkifRequest.Direct(BlkifOperation.Write, 1, 100, [h.Seg(0), h.Seg(1, 0, 3)])));
        h.Page(2).Clear();
        h.Page(3).Clear();
        Assert.Equal(BlkifStatus.Okay, h.StatusOf(BlkifRequest.Direct(BlkifOperation.Read, 2, 100, [h.Seg(2), h.Seg(3, 4, 7)])));
        Assert.True(h.Page(2).IndexOfAnyExcept((byte)0xA5) < 0);
        Assert.True(h.Page(3)[2048..].IndexOfAnyExcept((byte)0x5A) < 0);
    }

    [Fact]
    public void EmptyBarrierAndFlush_StoreFlushes_AsTheProfileSays()
    {
        using var h = new RingHarness(Profile, new MemoryBlockStore(2048, writeCache: true));
        h.Run(BlkifRequest.Direct(BlkifOperation.WriteBarrier, 1, 0, []));
        long afterBarrier = h.Store.Counters.Flushes;
        h.Run(BlkifRequest.Direct(BlkifOperation.FlushDiskCache, 2, 0, []));
        Assert.Equal(ExpectedEmptyFlushes, ((int)afterBarrier, (int)(h.Store.Counters.Flushes - afterBarrier)));
    }

    [Fact]
    public void RefusedRequest_CountsItsKind_AndStallsOnlyWhereTheProfileDoes()
    {
        using var h = new RingHarness(Profile);
        h.Run(ProfileTable.Build("write-bad-gref", h));
        Assert.Equal(1, h.Service.Counters.Rejections(RejectionKind.BadGrantReference));
        Assert.Equal(Profile.StallsOnBadRequest ? 1 : 0, h.Service.Counters.Stalls);
        Assert.Equal(0, h.Store.Counters.Writes);
    }

    [Fact]
    public void ProducerOverflow_HaltsOnlyWhereTheProfileDoes()
    {
        using var h = new RingHarness(Profile);
        h.Shared.ReqProd = (uint)h.Front.Size + 5;
        h.Service.Poll();
        h.Service.Poll();
        Assert.Equal(Profile.Overflow == OverflowPolicy.HaltRing, h.Service.Halted);

        // Without the check the loop guard alone bounds consumption: every published slot (zeros: a
        // 0-segment READ) is consumed and answered, since each answer frees a slot for the next.
        Assert.Equal(Profile.Overflow == OverflowPolicy.HaltRing ? 0 : h.Front.Size + 5, (int)h.Service.Counters.TotalResponses);
    }

    [Fact]
    public void ByName_ProfileName_ReturnsIt() => Assert.Same(Profile, BackendProfiles.ByName(Profile.Name));
}

public sealed class Linux2618ProfileTests : ProfileContract
{
    protected override BackendProfile Profile => BackendProfiles.Linux2618;

    protected override string[] ExpectedFeatures => [XenStoreNodes.FeatureBarrier];

    protected override (int Barrier, int Flush) ExpectedEmptyFlushes => (0, 0);
}

public sealed class Linux2618Of2008ProfileTests : ProfileContract
{
    protected override BackendProfile Profile => BackendProfiles.Linux2618Of2008;

    protected override string[] ExpectedFeatures => [XenStoreNodes.FeatureBarrier];

    protected override (int Barrier, int Flush) ExpectedEmptyFlushes => (1, 0);
}

public sealed class LinuxProfileTests : ProfileContract
{
    protected override BackendProfile Profile => BackendProfiles.Linux;

    protected override string[] ExpectedFeatures =>
        ["feature-barrier", "feature-discard", "feature-flush-cache", "feature-max-indirect-segments=256", "max-ring-page-order=4", "multi-queue-max-queues=4"];

    protected override (int Barrier, int Flush) ExpectedEmptyFlushes => (1, 1);
}

public sealed class QemuProfileTests : ProfileContract
{
    protected override BackendProfile Profile => BackendProfiles.Qemu;

    protected override string[] ExpectedFeatures => ["feature-discard", "feature-flush-cache", "max-ring-page-order=4", "multi-queue-max-queues=4"];

    protected override (int Barrier, int Flush) ExpectedEmptyFlushes => (0, 1);
}

public sealed class SolarisProfileTests : ProfileContract
{
    protected override BackendProfile Profile => BackendProfiles.Solaris;

    protected override string[] ExpectedFeatures => [XenStoreNodes.FeatureBarrier];

    protected override (int Barrier, int Flush) ExpectedEmptyFlushes => (1, 1);
}

public sealed class FreeBsdProfileTests : ProfileContract
{
    protected override BackendProfile Profile => BackendProfiles.FreeBsd;

    protected override string[] ExpectedFeatures => [XenStoreNodes.FeatureBarrier, XenStoreNodes.FeatureFlushCache];

    protected override (int Barrier, int Flush) ExpectedEmptyFlushes => (0, 1);
}

public sealed class NetBsdProfileTests : ProfileContract
{
    protected override BackendProfile Profile => BackendProfiles.NetBsd;

    protected override string[] ExpectedFeatures => [XenStoreNodes.FeatureFlushCache];

    protected override (int Barrier, int Flush) ExpectedEmptyFlushes => (0, 1);
}

public sealed class TapdiskProfileTests : ProfileContract
{
    protected override BackendProfile Profile => BackendProfiles.Tapdisk;

    protected override string[] ExpectedFeatures => [XenStoreNodes.FeatureBarrier];

    protected override (int Barrier, int Flush) ExpectedEmptyFlushes => (0, 0);
}
