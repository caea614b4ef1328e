using System.Runtime.InteropServices;
using BlkTrace.Backend.Profiles;
using BlkTrace.Backend.Stores;
using BlkTrace.Protocol.Blkif;
using BlkTrace.Protocol.Wire;
using BlkTrace.Trace.Tap;

namespace BlkTrace.Tests.Backend;

/// <summary>
/// Every grant page the backend maps is released once, before the response that ends the request
/// (real Xen without persistent grants: blkfront fails the device when a page is still mapped as it
/// ends the grant): served, refused, indirect, hashed and failed requests alike. A tap checks at
/// each response that nothing is left mapped.
/// </summary>
public class GrantReleaseTests
{
    private const uint NotGranted = 0xdead;

    [Fact]
    public void DirectReadsAndWrites_WithHashes_EveryMapReleasedBeforeItsResponse()
    {
        using var h = Harness(BackendProfiles.Linux, new MemoryBlockStore(4096), out var grants, out var check, hashWrites: true);

        var responses = h.Run(
            BlkifRequest.Direct(BlkifOperation.Write, 1, 0, [h.Seg(0), h.Seg(1), h.Seg(2, 2, 5)]),
            BlkifRequest.Direct(BlkifOperation.FlushDiskCache, 2, 64, [h.Seg(3)]),
            BlkifRequest.Direct(BlkifOperation.WriteBarrier, 3, 72, [h.Seg(4)]),
            BlkifRequest.Direct(BlkifOperation.Read, 4, 0, [h.Seg(5), h.Seg(6)]),
            BlkifRequest.Direct(BlkifOperation.FlushDiskCache, 5, 0, []));

        Assert.All(responses, r => Assert.Equal(BlkifStatus.Okay, r.Status));
        AssertBalanced(grants, check, responses: 5);
    }

    [Fact]
    public void RefusedRequests_AnyReason_LeaveNothingMapped()
    {
        using var h = Harness(BackendProfiles.Linux, new MemoryBlockStore(64), out var grants, out var check, hashWrites: true);

        var responses = h.Run(
            BlkifRequest.Direct(BlkifOperation.Write, 1, 0, [h.Seg(0), new BlkifSegment(NotGranted, 0, 7)]), // second grant bad: first was mapped
            BlkifRequest.Direct(BlkifOperation.Write, 2, 60, [h.Seg(1)]),                                   // past the end
            BlkifRequest.Direct(BlkifOperation.Read, 3, 0, [h.Seg(2, 5, 2)]),                              // last < first
            BlkifRequest.Direct(BlkifOperation.Write, 4, 0, []),                                             // 0-segment write
            new BlkifRequest { Operation = (BlkifOperation)99, Id = 5 });                                    // unknown op

        Assert.All(responses, r => Assert.NotEqual(BlkifStatus.Okay, r.Status));
        Assert.True(grants.Maps >= 1, "the first segment of request 1 was mapped for its check");
        AssertBalanced(grants, check, responses: 5);
    }

    [Fact]
    public void ReadOnlyDisk_RefusedWrite_LeavesNothingMapped()
    {
        using var h = Harness(BackendProfiles.Linux, new MemoryBlockStore(64), out var grants, out var check, readOnly: true, hashWrites: true);

        var responses = h.Run(
            BlkifRequest.Direct(BlkifOperation.Write, 1, 0, [h.Seg(0)]),
            BlkifRequest.Direct(BlkifOperation.Read, 2, 0, [h.Seg(1)]));

        Assert.Equal([BlkifStatus.Error, BlkifStatus.Okay], responses.OrderBy(r => r.Id).Select(r => r.Status));
        AssertBalanced(grants, check, responses: 2);
    }

    [Fact]
    public void IndirectRequests_DescriptorAndDataPages_EachReleasedOnce()
    {
        using var h = Harness(BackendProfiles.Linux, new MemoryBlockStore(4096), out var grants, out var check, hashWrites: true);
        var descriptors = MemoryMarshal.Cast<byte, BlkifSegment>(h.Page(40));
        for (int i = 0; i < 20; i++)
        {
            h.Page(i).Fill((byte)(i + 1));
            descriptors[i] = h.Seg(i);
        }

        var badDescriptors = MemoryMarshal.Cast<byte, BlkifSegment>(h.Page(41));
        badDescriptors[0] = h.Seg(30);
        badDescriptors[1] = new BlkifSegment(NotGranted, 0, 7);

        var responses = h.Run(
            BlkifRequest.Indirect(BlkifOperation.Write, 1, 800, 20, [h.Gref(40)]),
            BlkifRequest.Indirect(BlkifOperation.Read, 2, 800, 20, [h.Gref(40)]),
            BlkifRequest.Indirect(BlkifOperation.Write, 3, 0, 2, [h.Gref(41)]),   // a data grant is bad
            BlkifRequest.Indirect(BlkifOperation.Write, 4, 0, 4, [NotGranted])); // the descriptor page is bad

        // Refusals are answered at once, accepted requests at the end of the batch: compare by id.
        Assert.Equal([BlkifStatus.Okay, BlkifStatus.Okay, BlkifStatus.Error, BlkifStatus.Error], responses.OrderBy(r => r.Id).Select(r => r.Status));
        AssertBalanced(grants, check, responses: 4);
    }

    [Fact]
    public void StoreFailure_ErrorResponse_PagesStillReleased()
    {
        using var h = Harness(BackendProfiles.Linux, new FailingStore(new MemoryBlockStore(64)), out var grants, out var check);

        var responses = h.Run(
            BlkifRequest.Direct(BlkifOperation.Write, 1, 0, [h.Seg(0), h.Seg(1)]),
            BlkifRequest.Direct(BlkifOperation.Read, 2, 0, [h.Seg(2)]));

        Assert.All(responses, r => Assert.Equal(BlkifStatus.Error, r.Status));
        AssertBalanced(grants, check, responses: 2);
    }

    [Fact]
    public void FileStoreWithIoThreads_ManyRequests_NothingLeftMapped()
    {
        string path = Path.Combine(Path.GetTempPath(), $"blkt-grants-{Environment.ProcessId}-{Guid.NewGuid():N}.img");
        try
        {
            using var h = Harness(BackendProfiles.Linux, new FileBlockStore(path, 1UL << 20), out var grants, out _, ioThreads: 4, hashWrites: true, checkAtResponse: false);
            var requests = Enumerable.Range(0, 24)
                .Select(i => BlkifRequest.Direct(i % 3 == 2 ? BlkifOperation.Read : BlkifOperation.Write, (ulong)i, (ulong)(i * 16), [h.Seg(i * 2), h.Seg((i * 2) + 1)]))
                .ToArray();

            var responses = h.Run(requests);

            Assert.Equal(24, responses.Count);
            Assert.All(responses, r => Assert.Equal(BlkifStatus.Okay, r.Status));
            Assert.Equal(0, grants.Outstanding);
            Assert.Equal(0, grants.DoubleReleases);
            Assert.Equal(grants.Maps, grants.Releases);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static RingHarness Harness(BackendProfile profile, IBlockStore store, out CountingGrantMapper grants, out ReleaseCheck check,
        bool readOnly = false, bool hashWrites = false, int ioThreads = -1, bool checkAtResponse = true)
    {
        CountingGrantMapper? counting = null;
        var sink = new ReleaseCheck(() => counting!);
        var h = new RingHarness(profile, store, readOnly: readOnly, tap: checkAtResponse ? sink : null, hashWrites: hashWrites, ioThreads: ioThreads,
            wrapGrants: inner => counting = new CountingGrantMapper(inner));
        grants = counting!;
        check = sink;
        return h;
    }

    private static void AssertBalanced(CountingGrantMapper grants, ReleaseCheck check, int responses)
    {
        Assert.Equal(responses, check.Responses);
        Assert.Equal(0, check.MappedAtResponse);
        Assert.Equal(0, grants.Outstanding);
        Assert.Equal(0, grants.DoubleReleases);
        Assert.Equal(grants.Maps, grants.Releases);
    }

    /// <summary>A tap that looks, at each response, whether any page is still mapped (a ring served inline has one request in hand then).</summary>
    private sealed class ReleaseCheck(Func<CountingGrantMapper> grants) : IRingEventSink
    {
        public int Responses { get; private set; }

        public long MappedAtResponse { get; private set; }

        public void OnRequest(int queue, uint ringIndex, in BlkifRequest request, ReadOnlySpan<BlkifSegment> indirectSegments, long? dataHash)
        {
        }

        public void OnResponse(int queue, uint ringIndex, in BlkifResponse response)
        {
            Responses++;
            MappedAtResponse += grants().Outstanding;
        }

        public void OnStoreFlush(int queue, ulong requestId)
        {
        }
    }

    /// <summary>A store whose reads and writes fail, as a dying disk's do.</summary>
    private sealed class FailingStore(IBlockStore inner) : IBlockStore
    {
        public string Kind => inner.Kind;

        public string Description => inner.Description;

        public ulong Sectors => inner.Sectors;

        public bool HasVolatileCache => inner.HasVolatileCache;

        public bool SupportsDiscard => inner.SupportsDiscard;

        public bool CompletesInline => inner.CompletesInline;

        public StoreCounters Counters => inner.Counters;

        public void Read(ulong offset, Span<byte> destination) => throw new IOException("read failed");

        public void Write(ulong offset, ReadOnlySpan<byte> source) => throw new IOException("write failed");

        public void Flush() => inner.Flush();

        public void Discard(ulong offset, ulong length) => inner.Discard(offset, length);

        public void Dispose() => inner.Dispose();
    }
}
