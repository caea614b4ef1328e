using BlkTrace.Protocol.Blkif;
using BlkTrace.Protocol.Diagnostics;
using BlkTrace.Protocol.Transport;
using BlkTrace.Protocol.Wire;

namespace BlkTrace.Tests.Protocol;

public class AllocationTests
{
    [Fact]
    public async Task InProcessRoundTrip_SteadyState_AllocatesNothing()
    {
        using var vbd = new InProcessVbd();
        var timeout = TimeSpan.FromSeconds(10);
        var accept = Task.Run(() => RingEchoSetup.AcceptFrontend(vbd.Backend, 1 << 20, timeout, CancellationToken.None));
        var (front, frontChannel) = RingEchoSetup.ConnectToBackend(vbd.Frontend, 0, BlkifAbi.X86_64, timeout, CancellationToken.None);
        var (back, backChannel) = await accept;
        var request = BlkifRequest.Direct(BlkifOperation.Write, 0, 0, [new BlkifSegment(1, 0, 7)]);

        // Both ends on this thread, event channels included: every byte either side allocates counts.
        long RoundTrips(int n)
        {
            long done = 0;
            for (int i = 0; i < n; i++)
            {
                request.Id = (ulong)i;
                front.ProduceRequest(in request);
                if (front.PushRequests())
                {
                    frontChannel.Notify();
                }

                backChannel.Wait(0);
                uint prod = back.ReadRequestProducer();
                while (back.TryConsumeRequest(prod, out var r, out _))
                {
                    back.ProduceResponse(new BlkifResponse(r.Id, r.Operation, BlkifStatus.Okay));
                }

                if (back.PushResponses())
                {
                    backChannel.Notify();
                }

                back.FinalCheckForRequests();
                frontChannel.Wait(0);
                while (front.TryConsumeResponse(out _))
                {
                    done++;
                }

                front.FinalCheckForResponses();
            }

            return done;
        }

        RoundTrips(10_000); // warm up: JIT tiers, first-use statics
        long before = GC.GetAllocatedBytesForCurrentThread();
        long done = RoundTrips(100_000);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(100_000, done);
        Assert.Equal(0, allocated);
    }
}
