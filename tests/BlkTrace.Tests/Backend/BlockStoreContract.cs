using BlkTrace.Backend.Stores;

namespace BlkTrace.Tests.Backend;

/// <summary>What every block store must do; each store's test class inherits it.</summary>
public abstract class BlockStoreContract : IDisposable
{
    private readonly List<IBlockStore> _stores = [];

    /// <summary>False for the null store, which keeps no data.</summary>
    protected virtual bool KeepsData => true;

    protected abstract IBlockStore CreateStore(ulong sectors);

    public virtual void Dispose()
    {
        foreach (var s in _stores)
        {
            s.Dispose();
        }

        GC.SuppressFinalize(this);
    }

    [Fact]
    public void Sectors_NewStore_IsTheSizeAsked()
    {
        Assert.Equal(4096UL, Store(4096).Sectors);
    }

    [Fact]
    public void WriteThenRead_SameRange_ReturnsTheData()
    {
        var store = Store(4096);
        byte[] data = [.. Enumerable.Range(0, 8192).Select(i => (byte)(i * 7))];
        store.Write(512 * 100, data);
        var back = new byte[8192];
        back.AsSpan().Fill(0xEE);
        store.Read(512 * 100, back);
        if (KeepsData)
        {
            Assert.Equal(data, back);
        }
        else
        {
            Assert.All(back, b => Assert.Equal(0xEE, b));
        }
    }

    [Fact]
    public void Read_NeverWritten_ReadsZeros()
    {
        var store = Store(4096);
        var back = new byte[4096];
        back.AsSpan().Fill(0xEE);
        store.Read(512 * 2000, back);
        Assert.All(back, b => Assert.Equal(KeepsData ? 0 : 0xEE, b));
    }

    [Fact]
    public void Discard_WrittenRange_ReadsZerosAfter()
    {
        var store = Store(4096);
        var data = new byte[16384];
        data.AsSpan().Fill(0x33);
        store.Write(0, data);
        store.Discard(4096, 8192);
        var back = new byte[16384];
        store.Read(0, back);
        if (KeepsData)
        {
            Assert.All(back[..4096], b => Assert.Equal(0x33, b));
            Assert.All(back[4096..12288], b => Assert.Equal(0, b));
            Assert.All(back[12288..], b => Assert.Equal(0x33, b));
        }
        else
        {
            Assert.All(back, b => Assert.Equal(0, b));
        }
    }

    [Fact]
    public void Flush_Called_IsCounted()
    {
        var store = Store(4096);
        store.Write(0, new byte[512]);
        store.Flush();
        store.Flush();
        Assert.Equal(2, store.Counters.Flushes);
    }

    [Fact]
    public void Access_PastTheEnd_IsRefusedAndTheLastSectorIsNot()
    {
        var store = Store(4096);
        store.Write(512 * 4095, new byte[512]);
        Assert.Throws<ArgumentOutOfRangeException>(() => store.Write(512 * 4095, new byte[1024]));
        Assert.Throws<ArgumentOutOfRangeException>(() => store.Read(512 * 4096, new byte[512]));
        Assert.Throws<ArgumentOutOfRangeException>(() => store.Discard(ulong.MaxValue - 511, 1024));
    }

    protected IBlockStore Store(ulong sectors)
    {
        var s = CreateStore(sectors);
        _stores.Add(s);
        return s;
    }
}

public sealed class NullBlockStoreTests : BlockStoreContract
{
    protected override bool KeepsData => false;

    protected override IBlockStore CreateStore(ulong sectors) => new NullBlockStore(sectors);
}

public sealed class MemoryBlockStoreTests : BlockStoreContract
{
    protected override IBlockStore CreateStore(ulong sectors) => new MemoryBlockStore(sectors);
}

public sealed class MemoryCacheBlockStoreTests : BlockStoreContract
{
    protected override IBlockStore CreateStore(ulong sectors) => new MemoryBlockStore(sectors, writeCache: true, destageSeed: 5);
}

public class FileBlockStoreTests : BlockStoreContract
{
    private readonly string _dir = Directory.CreateTempSubdirectory("blkt-store-").FullName;

    protected virtual bool Direct => false;

    public override void Dispose()
    {
        base.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    protected override IBlockStore CreateStore(ulong sectors) =>
        new FileBlockStore(Path.Combine(_dir, Guid.NewGuid().ToString("N")), sectors * 512, Direct);

    [Fact]
    public void Write_AtTheEnd_NeverGrowsTheFile()
    {
        var path = Path.Combine(_dir, "sized");
        using (var store = new FileBlockStore(path, 1 << 20, Direct))
        {
            store.Write((1 << 20) - 512, new byte[512]);
            Assert.Throws<ArgumentOutOfRangeException>(() => store.Write(1 << 20, new byte[512]));
        }

        Assert.Equal(1 << 20, new FileInfo(path).Length);
        using var reopened = new FileBlockStore(path);
        Assert.Equal((ulong)(1 << 20) / 512, reopened.Sectors);
    }
}

public sealed class FileBlockStoreDirectTests : FileBlockStoreTests
{
    protected override bool Direct => true;
}
