using BlkTrace.Backend.Stores;

namespace BlkTrace.Tests.Backend;

public class StoreSpecTests
{
    [Theory]
    [InlineData("64M", 64UL << 20)]
    [InlineData("1G", 1UL << 30)]
    [InlineData("512MiB", 512UL << 20)]
    [InlineData("4k", 4096UL)]
    [InlineData("1048576", 1048576UL)]
    public void TryParseSize_GoodSizes_AreBinaryUnits(string text, ulong bytes)
    {
        Assert.True(StoreSpec.TryParseSize(text, out ulong parsed));
        Assert.Equal(bytes, parsed);
    }

    [Theory]
    [InlineData("null:64M", "null", 131072UL)]
    [InlineData("mem:1M", "mem", 2048UL)]
    [InlineData("mem:1M,cache,destage-seed=3", "mem", 2048UL)]
    public void Open_GoodSpec_OpensThatStore(string spec, string kind, ulong sectors)
    {
        using var store = StoreSpec.Open(spec);
        Assert.Equal(kind, store.Kind);
        Assert.Equal(sectors, store.Sectors);
    }

    [Fact]
    public void Open_MemCache_ModelsAVolatileCache()
    {
        using var store = StoreSpec.Open("mem:1M,cache");
        Assert.True(store.HasVolatileCache);
        using var plain = StoreSpec.Open("mem:1M");
        Assert.False(plain.HasVolatileCache);
    }

    [Theory]
    [InlineData("disk:64M")]
    [InlineData("null:64X")]
    [InlineData("null:100")]
    [InlineData("null:64M,cache")]
    [InlineData("mem:1M,destage-seed=3")]
    [InlineData("mem:1M,bogus")]
    [InlineData("file:")]
    [InlineData("file:/nonexistent-dir-blkt/x")]
    [InlineData("64M")]
    public void Open_BadSpec_ThrowsOneLineArgumentException(string spec)
    {
        var e = Assert.ThrowsAny<Exception>(() => StoreSpec.Open(spec));
        Assert.True(e is ArgumentException or IOException, e.GetType().Name);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void Open_FileWithSize_CreatesTheImage()
    {
        string path = Path.Combine(Path.GetTempPath(), "blkt-spec-" + Guid.NewGuid().ToString("N"));
        try
        {
            using (var store = StoreSpec.Open($"file:{path},size=1M"))
            {
                Assert.Equal("file", store.Kind);
                Assert.True(store.HasVolatileCache);
            }

            Assert.Equal(1 << 20, new FileInfo(path).Length);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
