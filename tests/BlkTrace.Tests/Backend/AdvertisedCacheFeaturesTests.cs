using BlkTrace.Backend.Profiles;
using BlkTrace.Backend.Stores;
using BlkTrace.Protocol.Blkif;
using BlkTrace.Protocol.XenStore;

namespace BlkTrace.Tests.Backend;

/// <summary>
/// <c>--features</c>: what a profile advertises changes, how it answers does not (scenario (c) of the
/// Xen lab shows real blkfront under each set; the flush-error captures rely on the answers staying).
/// </summary>
public class AdvertisedCacheFeaturesTests
{
    [Theory]
    [InlineData(AdvertisedCacheFeatures.None, false, false)]
    [InlineData(AdvertisedCacheFeatures.Barrier, true, false)]
    [InlineData(AdvertisedCacheFeatures.Flush, false, true)]
    [InlineData(AdvertisedCacheFeatures.Both, true, true)]
    public void Linux_Override_AdvertisesExactlyThatSetWhateverTheStore(AdvertisedCacheFeatures features, bool barrier, bool flush)
    {
        var profile = BackendProfiles.Linux.WithAdvertisedCacheFeatures(features);

        foreach (IBlockStore store in new IBlockStore[] { new NullBlockStore(2048), new MemoryBlockStore(2048, writeCache: true) })
        {
            using (store)
            {
                var keys = profile.Features(store, 1, 0, 512).ToDictionary(k => k.Key, k => k.Value);
                Assert.Equal(barrier, keys.ContainsKey(XenStoreNodes.FeatureBarrier));
                Assert.Equal(flush, keys.ContainsKey(XenStoreNodes.FeatureFlushCache));
                Assert.Equal("256", keys[XenStoreNodes.FeatureMaxIndirectSegments]);
            }
        }
    }

    [Fact]
    public void Profile_Override_IsTheProfileItself()
    {
        Assert.Same(BackendProfiles.Qemu, BackendProfiles.Qemu.WithAdvertisedCacheFeatures(AdvertisedCacheFeatures.Profile));
    }

    [Theory]
    [InlineData("linux-2.6.18", BlkifStatus.Error)]
    [InlineData("tapdisk", BlkifStatus.EOpNotSupp)]
    [InlineData("linux", BlkifStatus.Okay)]
    public void FlushAdvertisedByOverride_EmptyFlush_AnsweredAsTheProfileAnswers(string name, BlkifStatus expected)
    {
        var profile = BackendProfiles.ByName(name).WithAdvertisedCacheFeatures(AdvertisedCacheFeatures.Flush);
        using var h = new RingHarness(profile, new MemoryBlockStore(2048, writeCache: true));

        Assert.True(profile.AdvertisesFlushCache(h.Store));
        Assert.Equal(profile.Name, name);
        Assert.Equal(expected, h.StatusOf(BlkifRequest.Direct(BlkifOperation.FlushDiskCache, 1, 0, [])));
    }
}
