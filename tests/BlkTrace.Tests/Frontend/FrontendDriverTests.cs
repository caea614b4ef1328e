using BlkTrace.Backend.Profiles;
using BlkTrace.Frontend;
using BlkTrace.Protocol.Blkif;
using BlkTrace.Protocol.Wire;

namespace BlkTrace.Tests.Frontend;

public class FrontendDriverTests
{
    private static FrontendCompletion Await(FrontendQueueDriver q)
    {
        Span<FrontendCompletion> one = stackalloc FrontendCompletion[1];
        for (int i = 0; i < 10_000; i++)
        {
            if (q.Poll(one) == 1)
            {
                return one[0];
            }

            q.WaitForResponses(100);
        }

        throw new TimeoutException("no response");
    }

    private static BlkifStatus WriteThenRead(FrontendQueueDriver q, ulong sector, byte value)
    {
        Span<int> pages = stackalloc int[2];
        Assert.True(q.TryAllocatePages(pages));
        q.Page(pages[0]).Fill(value);
        Assert.True(q.TrySubmit(BlkifRequest.Direct(BlkifOperation.Write, 0, sector, [new BlkifSegment(q.GrantRef(pages[0]), 0, 7)]), 1, pages[..1]));
        q.Kick();
        var w = Await(q);
        if (w.Status != BlkifStatus.Okay)
        {
            q.FreePage(pages[1]);
            return w.Status;
        }

        Assert.True(q.TrySubmit(BlkifRequest.Direct(BlkifOperation.Read, 0, sector, [new BlkifSegment(q.GrantRef(pages[1]), 0, 7)]), 2));
        q.Kick();
        var r = Await(q);
        Assert.Equal((2UL, BlkifStatus.Okay), (r.Tag, r.Status));
        Assert.True(q.Page(pages[1]).IndexOfAnyExcept(value) < 0);
        q.FreePage(pages[1]);
        return BlkifStatus.Okay;
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void Connect_EveryRingOrder_NeverMoreThanRingSizeOutstanding(int order)
    {
        using var device = new InProcessDevice(BackendProfiles.Linux, frontend: new FrontendOptions { RingPageOrder = order });
        var q = device.Driver.Queues[0];
        Assert.Equal(order, device.Driver.RingPageOrder);
        Assert.Equal(32 << order, q.Capacity);
        int submitted = 0;
        while (q.TrySubmit(BlkifRequest.Direct(BlkifOperation.FlushDiskCache, 0, 0, []), (ulong)submitted))
        {
            submitted++;
        }

        Assert.Equal(q.Capacity, submitted);
        q.Kick();
        var seen = new HashSet<ulong>();
        var buffer = new FrontendCompletion[64];
        while (seen.Count < submitted)
        {
            int n = q.Poll(buffer);
            for (int i = 0; i < n; i++)
            {
                Assert.True(seen.Add(buffer[i].Tag));
                Assert.Equal(BlkifStatus.Okay, buffer[i].Status);
            }

            if (n == 0)
            {
                q.WaitForResponses(100);
            }
        }

        Assert.Equal(0, q.Outstanding);
        Assert.Equal(0, q.UnexpectedResponses);
    }

    [Fact]
    public void LastSubmittedId_ThousandsOfRequestsThroughFewSlots_MatchesResponsesAndNeverRepeats()
    {
        using var device = new InProcessDevice(BackendProfiles.Linux);
        var q = device.Driver.Queues[0];
        var issued = new List<ulong>();
        var answered = new HashSet<ulong>();
        var buffer = new FrontendCompletion[32];
        for (int round = 0; round < 200; round++)
        {
            for (int i = 0; i < 8; i++)
            {
                Assert.True(q.TrySubmit(BlkifRequest.Direct(BlkifOperation.FlushDiskCache, 0, 0, []), (ulong)issued.Count));
                issued.Add(q.LastSubmittedId);
            }

            q.Kick();
            while (q.Outstanding > 0)
            {
                int n = q.Poll(buffer);
                for (int k = 0; k < n; k++)
                {
                    Assert.Equal(issued[(int)buffer[k].Tag], buffer[k].Id);
                    Assert.True(answered.Add(buffer[k].Id));
                }

                if (n == 0)
                {
                    q.WaitForResponses(100, spinIterations: 0);
                }
            }
        }

        Assert.Equal(issued.Count, issued.Distinct().Count());
        Assert.Equal(issued.Count, answered.Count);
    }

    [Fact]
    public void Connect_TwoQueues_EachRingServesItsOwnRequests()
    {
        using var device = new InProcessDevice(BackendProfiles.Linux, frontend: new FrontendOptions { Queues = 2, RingPageOrder = 1 });
        Assert.Equal(2, device.Driver.Queues.Count);
        Assert.Equal("2", device.Nodes["frontend/multi-queue-num-queues"]);
        Assert.Equal(BlkifStatus.Okay, WriteThenRead(device.Driver.Queues[0], 0, 1));
        Assert.Equal(BlkifStatus.Okay, WriteThenRead(device.Driver.Queues[1], 8, 2));
        Assert.Equal(2, device.Backend.Statistics().RequestsByOperation[(int)BlkifOperation.Write]);
    }

    [Fact]
    public void Connect_OrderAboveTheBackendsMax_UsesTheBackendsMax()
    {
        using var device = new InProcessDevice(BackendProfiles.Solaris, frontend: new FrontendOptions { RingPageOrder = 4, Queues = 4 });
        Assert.Equal(0, device.Driver.RingPageOrder);
        Assert.Single(device.Driver.Queues);
        Assert.True(device.Driver.Features.Barrier);
        Assert.False(device.Driver.Features.FlushCache);
    }

    [Fact]
    public void Connect_ReadOnly4KiBDisk_PublishedAndEnforced()
    {
        using var device = new InProcessDevice(BackendProfiles.Linux, readOnly: true, sectorSize: 4096);
        Assert.True(device.Driver.Disk.IsReadOnly);
        Assert.Equal(4096, device.Driver.Disk.SectorSize);
        Assert.Equal(BlkifStatus.Error, WriteThenRead(device.Driver.Queues[0], 8, 3));
    }

    [Fact]
    public void Connect_NoProtocolNode_LinuxAssumesX86_32()
    {
        using var device = new InProcessDevice(BackendProfiles.Linux, frontend: new FrontendOptions { Abi = BlkifAbi.X86_32, WriteProtocol = false });
        Assert.False(device.Nodes.ContainsKey("frontend/protocol"));
        Assert.Equal(BlkifStatus.Okay, WriteThenRead(device.Driver.Queues[0], 16, 4));
    }

    [Fact]
    public void SubmitIndirect_LinuxBackend_WritesEverySegment()
    {
        using var device = new InProcessDevice(BackendProfiles.Linux);
        var q = device.Driver.Queues[0];
        Assert.Equal(256u, device.Driver.Features.MaxIndirectSegments);
        var pages = new int[40];
        Assert.True(q.TryAllocatePages(pages));
        var segments = new BlkifSegment[40];
        for (int i = 0; i < 40; i++)
        {
            q.Page(pages[i]).Fill((byte)(i + 1));
            segments[i] = new BlkifSegment(q.GrantRef(pages[i]), 0, 7);
        }

        int free = q.FreePages;
        Assert.True(q.TrySubmitIndirect(BlkifOperation.Write, 1000, segments, 9, pages));
        q.Kick();
        var c = Await(q);
        Assert.Equal((9UL, BlkifStatus.Okay, BlkifOperation.Write), (c.Tag, c.Status, c.Operation));
        Assert.Equal(free + 40, q.FreePages);
        var back = new byte[4096];
        device.Store.Read((1000 + (39 * 8)) * 512UL, back);
        Assert.All(back, b => Assert.Equal(40, b));
    }

    [Fact]
    public void SubmitAndComplete_SteadyState_AllocatesNothingOnTheFrontendThread()
    {
        using var device = new InProcessDevice(BackendProfiles.Linux, new BlkTrace.Backend.Stores.NullBlockStore(1 << 20));
        var q = device.Driver.Queues[0];
        Span<int> page = stackalloc int[1];
        Assert.True(q.TryAllocatePages(page));
        var request = BlkifRequest.Direct(BlkifOperation.Write, 0, 0, [new BlkifSegment(q.GrantRef(page[0]), 0, 7)]);
        var completions = new FrontendCompletion[64];

        long Drive(long count)
        {
            long done = 0, sent = 0;
            while (done < count)
            {
                while (sent < count && q.TrySubmit(request, (ulong)sent))
                {
                    sent++;
                }

                q.Kick();
                int n = q.Poll(completions);
                done += n;
                if (n == 0)
                {
                    q.WaitForResponses(100);
                }
            }

            return done;
        }

        Drive(20_000);
        long before = GC.GetAllocatedBytesForCurrentThread();
        Drive(100_000);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
