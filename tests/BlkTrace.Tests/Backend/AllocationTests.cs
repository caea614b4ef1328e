using BlkTrace.Backend.Profiles;
using BlkTrace.Backend.Stores;
using BlkTrace.Protocol.Blkif;
using BlkTrace.Protocol.Wire;
using BlkTrace.Trace.Tap;

namespace BlkTrace.Tests.Backend;

/// <summary>The steady-state backend path (copy, validate, profile, store, respond, tap) allocates nothing.</summary>
public class AllocationTests
{
    [Theory]
    [InlineData("linux", false)]
    [InlineData("linux", true)]
    [InlineData("qemu", true)]
    [InlineData("tapdisk", false)]
    public void BackendPath_SteadyState_AllocatesZeroBytes(string profile, bool hashWrites)
    {
        var sink = new CountingSink();
        using var h = new RingHarness(BackendProfiles.ByName(profile), new NullBlockStore(1 << 20), tap: sink, hashWrites: hashWrites);
        var write = BlkifRequest.Direct(BlkifOperation.Write, 0, 0, [h.Seg(0)]);
        var barrier = BlkifRequest.Direct(BlkifOperation.WriteBarrier, 0, 0, []);
        var bad = BlkifRequest.Direct((BlkifOperation)99, 0, 0, []);

        void Round(int n)
        {
            for (int i = 0; i < n; i++)
            {
                for (int k = 0; k < 32; k++)
                {
                    var r = k == 31 ? barrier : k == 30 ? bad : write;
                    r.Id = (ulong)k;
                    r.SectorNumber = (ulong)k * 8;
                    h.Front.ProduceRequest(in r);
                }

                h.Front.PushRequests();
                h.Service.Poll();
                while (h.Front.TryConsumeResponse(out _))
                {
                }
            }
        }

        Round(2_000);
        long before = GC.GetAllocatedBytesForCurrentThread();
        Round(10_000);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, allocated);
        Assert.Equal(12_000L * 32, h.Service.Counters.TotalResponses);
        Assert.True(sink.Requests >= 12_000L * 32);
    }

    private sealed class CountingSink : IRingEventSink
    {
        public long Requests;
        public long Responses;
        public long Hashes;

        public void OnRequest(int queue, uint ringIndex, in BlkifRequest request, ReadOnlySpan<BlkifSegment> indirectSegments, long? dataHash)
        {
            Requests++;
            if (dataHash is not null)
            {
                Hashes++;
            }
        }

        public void OnResponse(int queue, uint ringIndex, in BlkifResponse response) => Responses++;

        public void OnStoreFlush(int queue, ulong requestId)
        {
        }
    }
}
