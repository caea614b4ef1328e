using BlkTrace.Backend.Profiles;
using BlkTrace.Backend.Service;
using BlkTrace.Backend.Stores;
using BlkTrace.Protocol.Blkif;
using BlkTrace.Protocol.Ring;
using BlkTrace.Protocol.Transport;
using BlkTrace.Protocol.Wire;
using BlkTrace.Trace.Tap;

namespace BlkTrace.Tests.Backend;

/// <summary>
/// A ring served by a <see cref="RingService"/> in the test's own thread, with no handshake: the test
/// plays the frontend (produce, push), calls <see cref="RingService.Poll"/>, and reads responses. Grant
/// pages are real page-aligned native memory from <see cref="InProcessVbd"/>; page 0.. are the ring,
/// the rest data pages.
/// </summary>
public sealed class RingHarness : IDisposable
{
    private readonly InProcessVbd _vbd = new();
    private readonly int _ringPages;

    public RingHarness(BackendProfile profile, IBlockStore? store = null, int order = 0, bool readOnly = false, int sectorSize = 512,
        IRingEventSink? tap = null, BlkifAbi abi = BlkifAbi.X86_64, int dataPages = 64, bool hashWrites = false, int ioThreads = -1, int seed = 1,
        Func<IGrantMapper, IGrantMapper>? wrapGrants = null)
    {
        Store = store ?? new MemoryBlockStore(2048);
        _ringPages = 1 << order;
        Grants = _vbd.Frontend.CreateGrants(_ringPages + dataPages);
        Shared = new SharedRing(Grants.Pages(0, _ringPages), order, abi);
        Front = FrontRing.Initialize(Shared);
        Options = new BackendOptions
        {
            Profile = profile,
            ReadOnly = readOnly,
            SectorSize = sectorSize,
            Tap = tap,
            HashWrites = hashWrites,
            StallOnBadRequest = false,
            IoThreads = ioThreads,
            CompletionSeed = seed,
        };
        var grants = _vbd.Backend.MapGrants();
        Service = new RingService(0, new BackRing(Shared), wrapGrants is null ? grants : wrapGrants(grants), null, Store, new DiskFacts(Store.Sectors, readOnly, sectorSize), Options);
    }

    public IBlockStore Store { get; }

    public IGrantTable Grants { get; }

    public SharedRing Shared { get; }

    public FrontRing Front { get; }

    public RingService Service { get; }

    public BackendOptions Options { get; }

    /// <summary>The grant reference of data page <paramref name="i"/>.</summary>
    public uint Gref(int i) => Grants.GrantRef(_ringPages + i);

    /// <summary>Data page <paramref name="i"/>.</summary>
    public Span<byte> Page(int i) => Grants.Page(_ringPages + i);

    /// <summary>A full-page segment of data page <paramref name="i"/>.</summary>
    public BlkifSegment Seg(int i, byte first = 0, byte last = 7) => new(Gref(i), first, last);

    /// <summary>Submits requests, serves them, and returns the responses in ring order.</summary>
    public List<BlkifResponse> Run(params BlkifRequest[] requests)
    {
        foreach (var r in requests)
        {
            Front.ProduceRequest(in r);
        }

        Front.PushRequests();
        var responses = new List<BlkifResponse>();
        for (int spins = 0; responses.Count < requests.Length && spins < 10_000_000; spins++)
        {
            Service.Poll();
            while (Front.TryConsumeResponse(out var rsp))
            {
                responses.Add(rsp);
            }

            if (responses.Count < requests.Length && spins > 100)
            {
                Thread.Yield();
            }
        }

        return responses;
    }

    /// <summary>Submits one request and returns its response's status.</summary>
    public BlkifStatus StatusOf(BlkifRequest request) => Assert.Single(Run(request)).Status;

    public void Dispose()
    {
        Service.Dispose();
        _vbd.Dispose();
        Store.Dispose();
    }
}
