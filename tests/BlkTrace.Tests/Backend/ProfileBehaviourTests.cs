using BlkTrace.Backend.Profiles;
using BlkTrace.Backend.Stores;
using BlkTrace.Protocol.Blkif;
using BlkTrace.Protocol.Wire;

namespace BlkTrace.Tests.Backend;

/// <summary>Ordering, draining, holding and data paths of particular profiles, seen through the tap.</summary>
public class ProfileBehaviourTests
{
    private static BlkifRequest Write(RingHarness h, ulong id, int page) =>
        BlkifRequest.Direct(BlkifOperation.Write, id, (ulong)page * 8, [h.Seg(page)]);

    private static int IndexOf(RecordingSink sink, TapEventKind kind, ulong id) =>
        sink.Events.FindIndex(e => e.Kind == kind && e.Id == id);

    [Fact]
    public void Qemu_BatchOfWrites_CompletesOutOfOrderAndSeeded()
    {
        static List<ulong> Order(int seed)
        {
            using var h = new RingHarness(BackendProfiles.Qemu, seed: seed);
            var responses = h.Run([.. Enumerable.Range(0, 32).Select(i => Write(h, (ulong)i, i))]);
            Assert.All(responses, r => Assert.Equal(BlkifStatus.Okay, r.Status));
            return [.. responses.Select(r => r.Id)];
        }

        var order = Order(3);
        Assert.Equal(Enumerable.Range(0, 32).Select(i => (ulong)i), order.Order());
        Assert.NotEqual(order.Order(), order);
        Assert.Equal(order, Order(3));
    }

    [Fact]
    public void Linux_Always_CompletesInSubmissionOrder()
    {
        using var h = new RingHarness(BackendProfiles.Linux);
        var responses = h.Run([.. Enumerable.Range(0, 32).Select(i => Write(h, (ulong)i, i))]);
        Assert.Equal(Enumerable.Range(0, 32).Select(i => (ulong)i), responses.Select(r => r.Id));
    }

    [Fact]
    public void Linux_EmptyBarrier_DrainsEarlierWritesButDoesNotHoldLaterOnes()
    {
        var sink = new RecordingSink();
        using var h = new RingHarness(BackendProfiles.Linux, new MemoryBlockStore(2048, writeCache: true), tap: sink);
        h.Run(Write(h, 1, 1), Write(h, 2, 2), BlkifRequest.Direct(BlkifOperation.WriteBarrier, 3, 0, []), Write(h, 4, 4));
        Assert.True(IndexOf(sink, TapEventKind.Response, 2) < IndexOf(sink, TapEventKind.StoreFlush, 3), "earlier writes complete before the barrier's flush");
        Assert.True(IndexOf(sink, TapEventKind.StoreFlush, 3) < IndexOf(sink, TapEventKind.Response, 3));
        Assert.True(IndexOf(sink, TapEventKind.Request, 4) < IndexOf(sink, TapEventKind.Response, 3), "a later request is consumed before the barrier completes");
        Assert.Equal((1L, 0L), (h.Service.Counters.Drains, h.Service.Counters.Holds));
    }

    [Fact]
    public void Linux_FlushDiskCache_DoesNotDrain()
    {
        using var h = new RingHarness(BackendProfiles.Linux, new MemoryBlockStore(2048, writeCache: true));
        h.Run(Write(h, 1, 1), BlkifRequest.Direct(BlkifOperation.FlushDiskCache, 2, 0, []));
        Assert.Equal(0, h.Service.Counters.Drains);
        Assert.Equal(1, h.Service.Counters.StoreFlushes);
    }

    [Fact]
    public void Tapdisk_EmptyBarrier_CompletesBeforeAnyLaterRequestIsConsumed()
    {
        var sink = new RecordingSink();
        using var h = new RingHarness(BackendProfiles.Tapdisk, tap: sink);
        h.Run(Write(h, 1, 1), BlkifRequest.Direct(BlkifOperation.WriteBarrier, 2, 0, []), Write(h, 3, 3));
        Assert.True(IndexOf(sink, TapEventKind.Response, 1) < IndexOf(sink, TapEventKind.Response, 2));
        Assert.True(IndexOf(sink, TapEventKind.Response, 2) < IndexOf(sink, TapEventKind.Request, 3));
        Assert.Equal(-1, IndexOf(sink, TapEventKind.StoreFlush, 2));
    }

    [Fact]
    public void NetBsd_Flush_WaitsForEveryPendingRequestThenSyncs()
    {
        var sink = new RecordingSink();
        using var h = new RingHarness(BackendProfiles.NetBsd, new MemoryBlockStore(2048, writeCache: true), tap: sink);
        h.Run(Write(h, 1, 1), Write(h, 2, 2), BlkifRequest.Direct(BlkifOperation.FlushDiskCache, 3, 0, []));
        Assert.True(IndexOf(sink, TapEventKind.Response, 2) < IndexOf(sink, TapEventKind.StoreFlush, 3));
        Assert.Equal(1, h.Service.Counters.Drains);
        Assert.Empty(((MemoryBlockStore)h.Store).CacheSnapshot());
    }

    [Fact]
    public void FreeBsd_BarrierWithData_DrainsHoldsAndDoesNotFlush()
    {
        using var h = new RingHarness(BackendProfiles.FreeBsd, new MemoryBlockStore(2048, writeCache: true));
        var r = h.Run(Write(h, 1, 1), BlkifRequest.Direct(BlkifOperation.WriteBarrier, 2, 80, [h.Seg(2)]), Write(h, 3, 3));
        Assert.All(r, x => Assert.Equal(BlkifStatus.Okay, x.Status));
        Assert.Equal((1L, 1L, 0L), (h.Service.Counters.Drains, h.Service.Counters.Holds, h.Service.Counters.StoreFlushes));
    }

    [Fact]
    public void Solaris_BarrierWithData_WritesThenFlushes()
    {
        using var h = new RingHarness(BackendProfiles.Solaris, new MemoryBlockStore(2048, writeCache: true));
        h.Page(2).Fill(9);
        h.Run(BlkifRequest.Direct(BlkifOperation.WriteBarrier, 2, 80, [h.Seg(2)]));
        var store = (MemoryBlockStore)h.Store;
        Assert.Equal(0, store.WriteLog[0].FlushEpoch);
        var durable = new byte[4096];
        store.DurableSnapshot().Read(80 * 512, durable);
        Assert.All(durable, b => Assert.Equal(9, b));
    }

    [Fact]
    public void Solaris_BadSegmentRange_IsClampedNotRefused()
    {
        using var h = new RingHarness(BackendProfiles.Solaris);
        h.Page(0).Fill(4);
        Assert.Equal(BlkifStatus.Okay, h.StatusOf(BlkifRequest.Direct(BlkifOperation.Write, 1, 8, [h.Seg(0, 6, 9)])));
        Assert.Equal(1024, h.Store.Counters.BytesWritten); // sectors 6..7 of the page
    }

    [Fact]
    public void Linux_Indirect_MovesEverySegmentAndTheTapSeesThem()
    {
        var sink = new RecordingSink();
        using var h = new RingHarness(BackendProfiles.Linux, new MemoryBlockStore(4096), tap: sink);
        var descriptors = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, BlkifSegment>(h.Page(40));
        for (int i = 0; i < 20; i++)
        {
            h.Page(i).Fill((byte)(i + 1));
            descriptors[i] = h.Seg(i);
        }

        var response = Assert.Single(h.Run(BlkifRequest.Indirect(BlkifOperation.Write, 5, 800, 20, [h.Gref(40)])));
        Assert.Equal((BlkifStatus.Okay, BlkifOperation.Write), (response.Status, response.Operation));
        Assert.Equal(20, sink.Events.Single(e => e.Kind == TapEventKind.Request).IndirectSegments);
        var back = new byte[4096];
        h.Store.Read((800 + (19 * 8)) * 512UL, back);
        Assert.All(back, b => Assert.Equal(20, b));
    }

    [Fact]
    public void SectorSize4096_MisalignedRequests_AreRefused()
    {
        using var h = new RingHarness(BackendProfiles.Linux, sectorSize: 4096);
        Assert.Equal(BlkifStatus.Okay, h.StatusOf(BlkifRequest.Direct(BlkifOperation.Write, 1, 8, [h.Seg(0)])));
        Assert.Equal(BlkifStatus.Error, h.StatusOf(BlkifRequest.Direct(BlkifOperation.Write, 2, 4, [h.Seg(0)])));
        Assert.Equal(BlkifStatus.Error, h.StatusOf(BlkifRequest.Direct(BlkifOperation.Write, 3, 8, [h.Seg(0, 0, 3)])));
        Assert.Equal(2, h.Service.Counters.Rejections(RejectionKind.Misaligned));
    }

    [Fact]
    public void Tap_EveryRequest_HasOneResponseAfterItAndFlushesInBetween()
    {
        var sink = new RecordingSink();
        using var h = new RingHarness(BackendProfiles.Linux, new MemoryBlockStore(2048, writeCache: true), tap: sink);
        h.Run(Write(h, 1, 1), BlkifRequest.Direct(BlkifOperation.FlushDiskCache, 2, 0, []), BlkifRequest.Direct((BlkifOperation)9, 3, 0, []), Write(h, 4, 4));
        foreach (ulong id in new ulong[] { 1, 2, 3, 4 })
        {
            int request = IndexOf(sink, TapEventKind.Request, id);
            int response = IndexOf(sink, TapEventKind.Response, id);
            Assert.InRange(request, 0, response - 1);
            Assert.Single(sink.Events, e => e.Kind == TapEventKind.Response && e.Id == id);
        }

        int flush = IndexOf(sink, TapEventKind.StoreFlush, 2);
        Assert.InRange(flush, IndexOf(sink, TapEventKind.Request, 2), IndexOf(sink, TapEventKind.Response, 2));
        Assert.Equal(BlkifStatus.EOpNotSupp, sink.Events.Single(e => e.Kind == TapEventKind.Response && e.Id == 3).Status);
    }

    [Fact]
    public void Tap_HashWrites_HashesPayloadsOfWritesOnly()
    {
        var sink = new RecordingSink();
        using var h = new RingHarness(BackendProfiles.Linux, tap: sink, hashWrites: true);
        h.Page(1).Fill(1);
        h.Page(2).Fill(1);
        h.Page(3).Fill(2);
        h.Run(Write(h, 1, 1), Write(h, 2, 2), Write(h, 3, 3), BlkifRequest.Direct(BlkifOperation.Read, 4, 0, [h.Seg(5)]));
        var hashes = sink.Events.Where(e => e.Kind == TapEventKind.Request).Select(e => e.DataHash).ToList();
        Assert.NotNull(hashes[0]);
        Assert.Equal(hashes[0], hashes[1]);
        Assert.NotEqual(hashes[0], hashes[2]);
        Assert.Null(hashes[3]);
    }

    [Fact]
    public void X86_32Ring_WriteThenRead_RoundTrips()
    {
        using var h = new RingHarness(BackendProfiles.Linux, abi: BlkifAbi.X86_32);
        h.Page(0).Fill(0x42);
        Assert.Equal(BlkifStatus.Okay, h.StatusOf(BlkifRequest.Direct(BlkifOperation.Write, ulong.MaxValue - 1, 8, [h.Seg(0)])));
        var r = Assert.Single(h.Run(BlkifRequest.Direct(BlkifOperation.Read, 12345678901234, 8, [h.Seg(1)])));
        Assert.Equal((12345678901234UL, BlkifStatus.Okay), (r.Id, r.Status));
        Assert.All(h.Page(1).ToArray(), b => Assert.Equal(0x42, b));
    }

    [Fact]
    public void Linux_Discard_ZeroesTheRange()
    {
        using var h = new RingHarness(BackendProfiles.Linux);
        h.Page(0).Fill(3);
        h.Run(Write(h, 1, 0), BlkifRequest.Discard(2, 0, 8));
        var back = new byte[4096];
        h.Store.Read(0, back);
        Assert.All(back, b => Assert.Equal(0, b));
    }

    [Fact]
    public void FileStoreWithIoThreads_ManyWritesAndABarrier_AllCompleteAndTheBarrierFlushesAfterThem()
    {
        string path = Path.Combine(Path.GetTempPath(), "blkt-ring-" + Guid.NewGuid().ToString("N"));
        try
        {
            var sink = new RecordingSink();
            using var h = new RingHarness(BackendProfiles.Linux, new FileBlockStore(path, 1 << 20), tap: sink, ioThreads: 4);
            for (int i = 0; i < 20; i++)
            {
                h.Page(i).Fill((byte)(i + 1));
            }

            var requests = Enumerable.Range(0, 20).Select(i => Write(h, (ulong)i, i)).ToList();
            requests.Insert(10, BlkifRequest.Direct(BlkifOperation.WriteBarrier, 100, 0, []));
            var responses = h.Run([.. requests]);
            Assert.Equal(21, responses.Count);
            Assert.All(responses, r => Assert.Equal(BlkifStatus.Okay, r.Status));
            int flush = IndexOf(sink, TapEventKind.StoreFlush, 100);
            for (ulong id = 0; id < 10; id++)
            {
                Assert.True(IndexOf(sink, TapEventKind.Response, id) < flush, $"write {id} completed before the barrier's flush");
            }

            Assert.Equal(1, h.Store.Counters.Flushes);
            var back = new byte[4096];
            h.Store.Read(19 * 8 * 512, back);
            Assert.All(back, b => Assert.Equal(20, b));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void FileStoreWithIoThreads_LoneRequestOnAnIdleRing_IsAnsweredWithinThePoll()
    {
        string path = Path.Combine(Path.GetTempPath(), "blkt-lone-" + Guid.NewGuid().ToString("N"));
        try
        {
            using var h = new RingHarness(BackendProfiles.Linux, new FileBlockStore(path, 1 << 20), ioThreads: 4);
            var w = Write(h, 1, 1);
            h.Front.ProduceRequest(in w);
            h.Front.PushRequests();
            Assert.Equal(1, h.Service.Poll());
            Assert.True(h.Front.TryConsumeResponse(out var r));
            Assert.Equal((1UL, BlkifStatus.Okay), (r.Id, r.Status));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
