using System.Runtime.InteropServices;
using BlkTrace.Protocol.Blkif;
using BlkTrace.Protocol.Ring;
using BlkTrace.Protocol.Transport;
using BlkTrace.Protocol.Wire;

namespace BlkTrace.Tests.Protocol;

/// <summary>Front and back ring behaviour, driven by hand over one block of memory.</summary>
public sealed class RingTests
{
    // Pinned: the ring code holds raw addresses, and the GC must not move the block under it.
    private readonly byte[] _memory = GC.AllocateArray<byte>(65536, pinned: true);

    [Fact]
    public void Initialize_FreshRing_HeaderMatchesSharedRingInit()
    {
        var shared = Ring(0, BlkifAbi.X86_64);
        shared.Header.Fill(0xaa);
        FrontRing.Initialize(shared);

        // sring_after_SHARED_RING_INIT of spec/blkif-layout.json.
        Assert.Equal("00000000010000000000000001000000" + new string('0', 96), Convert.ToHexString(shared.Header).ToLowerInvariant());
    }

    [Theory]
    [InlineData(BlkifAbi.X86_64, 0, 0u)]
    [InlineData(BlkifAbi.X86_32, 0, 0u)]
    [InlineData(BlkifAbi.X86_64, 4, 0u)]
    [InlineData(BlkifAbi.X86_64, 0, 0xFFFF_FF00u)]
    [InlineData(BlkifAbi.X86_32, 2, 0xFFFF_FFF0u)]
    public void RoundTrips_AcrossIndexWrap_EveryResponseMatchesItsRequest(BlkifAbi abi, int order, uint start)
    {
        var shared = Ring(order, abi);
        var front = FrontRing.Attach(shared, start);
        var back = new BackRing(shared);
        ulong nextId = 1;
        ulong expected = 1;
        var rng = new Random(42);

        for (int round = 0; round < 200; round++)
        {
            int batch = rng.Next(1, front.FreeRequests + 1);
            for (int i = 0; i < batch; i++)
            {
                var r = BlkifRequest.Direct(BlkifOperation.Write, nextId, nextId * 8, [new BlkifSegment((uint)nextId, 0, 7)]);
                uint idx = front.ProduceRequest(r);
                Assert.Equal(unchecked(start + (uint)(nextId - 1)), idx);
                nextId++;
            }

            front.PushRequests();
            uint prod = back.ReadRequestProducer();
            Assert.False(back.IsProducerOverflow(prod));
            while (back.TryConsumeRequest(prod, out var request, out _))
            {
                Assert.Equal(request.Id * 8, request.SectorNumber);
                back.ProduceResponse(new BlkifResponse(request.Id, request.Operation, BlkifStatus.Okay));
            }

            back.PushResponses();
            while (front.TryConsumeResponse(out var response))
            {
                Assert.Equal(expected++, response.Id);
            }

            Assert.Equal(front.Size, front.FreeRequests);
        }

        Assert.Equal(nextId, expected);
        Assert.True(unchecked(shared.ReqProd - start) == (uint)(nextId - 1));
    }

    [Fact]
    public void FrontRing_Full_RefusesToProduceMoreThanRingSize()
    {
        var front = FrontRing.Initialize(Ring(0, BlkifAbi.X86_64));
        var r = BlkifRequest.Direct(BlkifOperation.Read, 1, 0, []);
        for (int i = 0; i < 32; i++)
        {
            front.ProduceRequest(r);
        }

        Assert.True(front.IsFull);
        Assert.Throws<InvalidOperationException>(() => front.ProduceRequest(r));
    }

    [Fact]
    public void Push_BackendAsleep_NotifiesOncePerSleepNotPerRequest()
    {
        var shared = Ring(0, BlkifAbi.X86_64);
        var front = FrontRing.Initialize(shared);
        var back = new BackRing(shared);
        var r = BlkifRequest.Direct(BlkifOperation.Read, 1, 0, []);

        // Fresh ring: req_event = 1, the backend wants to hear about the first request.
        front.ProduceRequest(r);
        Assert.True(front.PushRequests());
        front.ProduceRequest(r);
        Assert.False(front.PushRequests()); // the backend has not re-armed: no notification

        uint prod = back.ReadRequestProducer();
        while (back.TryConsumeRequest(prod, out var q, out _))
        {
            back.ProduceResponse(new BlkifResponse(q.Id, q.Operation, BlkifStatus.Okay));
        }

        Assert.False(back.FinalCheckForRequests()); // nothing pending: re-arms req_event = req_cons + 1
        Assert.Equal(back.RequestConsumer + 1, shared.ReqEvent);
        front.ProduceRequest(r);
        Assert.True(front.PushRequests());
        Assert.True(back.FinalCheckForRequests());
    }

    [Fact]
    public void BackRing_LoopGuard_StopsConsumingWhenNoResponseSlotIsLeft()
    {
        var shared = Ring(0, BlkifAbi.X86_64);
        var front = FrontRing.Initialize(shared);
        var back = new BackRing(shared);
        var r = BlkifRequest.Direct(BlkifOperation.Read, 1, 0, []);
        for (int i = 0; i < 32; i++)
        {
            front.ProduceRequest(r);
        }

        front.PushRequests();

        // A hostile frontend claims 8 more requests than the ring can hold.
        shared.ReqProd += 8;
        uint prod = back.ReadRequestProducer();
        Assert.True(back.IsProducerOverflow(prod));
        int consumed = 0;
        while (back.TryConsumeRequest(prod, out _, out _))
        {
            consumed++;
        }

        Assert.Equal(32, consumed);
        Assert.Equal(32, back.Outstanding);
    }

    [Fact]
    public void UnconsumedRequests_HostileProducer_IsBoundedByFreeResponseSlots()
    {
        var shared = Ring(0, BlkifAbi.X86_64);
        FrontRing.Initialize(shared);
        var back = new BackRing(shared);
        shared.ReqProd = 0xDEAD_BEEF;
        Assert.Equal(32, back.UnconsumedRequests);
    }

    [Fact]
    public void DescribeHeaderProblem_IndicesFurtherApartThanRing_NamesTheProblem()
    {
        var shared = Ring(0, BlkifAbi.X86_64);
        FrontRing.Initialize(shared);
        Assert.Null(shared.DescribeHeaderProblem());
        shared.ReqProd = 1000;
        Assert.Contains("req_prod 1000", shared.DescribeHeaderProblem(), StringComparison.Ordinal);
    }

    [Fact]
    public void FrontRing_BackendClaimsTooManyResponses_IgnoresThem()
    {
        var shared = Ring(0, BlkifAbi.X86_64);
        var front = FrontRing.Initialize(shared);
        shared.RspProd = 5000;
        Assert.False(front.TryConsumeResponse(out _));
    }

    private SharedRing Ring(int order, BlkifAbi abi) =>
        new(new MemoryRegion(Marshal.UnsafeAddrOfPinnedArrayElement(_memory, 0), RingMath.RingBytes(order)), order, abi);
}
