using BlkTrace.Backend.Stores;

namespace BlkTrace.Tests.Backend;

public class MemoryWriteCacheTests
{
    private static byte[] Block(byte value)
    {
        var b = new byte[4096];
        b.AsSpan().Fill(value);
        return b;
    }

    [Fact]
    public void Write_WithoutFlush_IsReadableButNotDurable()
    {
        using var store = new MemoryBlockStore(4096, writeCache: true);
        store.Write(0, Block(1));
        var back = new byte[4096];
        store.Read(0, back);
        Assert.Equal(1, back[0]);
        Assert.True(store.DurableSnapshot().ContentEquals(new MemoryImage(4096)));
        Assert.Single(store.CacheSnapshot());
        Assert.False(store.WriteLog[0].IsDurable);
    }

    [Fact]
    public void Flush_AfterWrites_MakesThemDurableAndLogsTheEpoch()
    {
        using var store = new MemoryBlockStore(4096, writeCache: true);
        store.Write(0, Block(1));
        store.Write(4096, Block(2));
        store.Flush();
        store.Write(8192, Block(3));
        Assert.True(store.DurableSnapshot().ContentEquals(ImageWith((0, 1), (4096, 2))));
        Assert.Equal([0L, 0L, -1L], store.WriteLog.Select(w => w.FlushEpoch));
        var flush = Assert.Single(store.FlushLog);
        Assert.Equal(new MemoryFlushRecord(0, 2, 2), flush);
        Assert.True(store.CurrentSnapshot().ContentEquals(ImageWith((0, 1), (4096, 2), (8192, 3))));
    }

    [Fact]
    public void Destaging_SameSeed_SameDurableStates()
    {
        static string Run(int seed)
        {
            using var store = new MemoryBlockStore(4096, writeCache: true, destageSeed: seed, destageProbability: 0.2);
            var random = new Random(9);
            for (int i = 0; i < 500; i++)
            {
                store.Write((ulong)random.Next(64) * 4096, Block((byte)i));
            }

            return string.Join(',', store.WriteLog.Select(w => w.DestagedBefore));
        }

        Assert.Equal(Run(4), Run(4));
        Assert.NotEqual(Run(4), Run(5));
    }

    [Fact]
    public void Destaging_OverwrittenBlock_NeverRevertsTheDurableImage()
    {
        using var store = new MemoryBlockStore(4096, writeCache: true, destageSeed: 11, destageProbability: 0.3);
        for (int i = 1; i <= 400; i++)
        {
            store.Write((ulong)(i % 8) * 4096, Block((byte)i));
        }

        var log = store.WriteLog;
        Assert.Contains(log, w => w.DestagedBefore >= 0);
        for (int i = 0; i < log.Count; i++)
        {
            for (int j = i + 1; j < log.Count; j++)
            {
                if (log[j].Offset == log[i].Offset && log[j].IsDurable)
                {
                    Assert.True(log[i].IsDurable, $"write {j} is durable but the older write {i} to the same block is not");
                }
            }
        }
    }

    [Fact]
    public void NoCache_Write_IsDurableAtOnce()
    {
        using var store = new MemoryBlockStore(4096);
        store.Write(0, Block(7));
        Assert.True(store.DurableSnapshot().ContentEquals(ImageWith((0, 7))));
        Assert.Empty(store.WriteLog);
    }

    private static MemoryImage ImageWith(params (ulong Offset, byte Value)[] blocks)
    {
        var image = new MemoryImage(4096);
        foreach (var (offset, value) in blocks)
        {
            image.Write(offset, Block(value));
        }

        return image;
    }
}
