using BenchmarkDotNet.Attributes;
using BlkTrace.Backend.Profiles;
using BlkTrace.Backend.Service;
using BlkTrace.Backend.Stores;
using BlkTrace.Protocol.Blkif;
using BlkTrace.Protocol.Ring;
using BlkTrace.Protocol.Transport;
using BlkTrace.Protocol.Wire;

namespace BlkTrace.Benchmarks;

/// <summary>
/// The CPU cost of the backend path alone, with no second thread: this thread produces 32 4 KiB
/// writes, runs one <see cref="RingService.Poll"/> (copy, validate, profile, null store, respond,
/// push) and consumes the responses. One operation is one request. It isolates the per-request
/// work from the cross-core handoff that <see cref="BackendBenchmarks"/> also measures.
/// </summary>
[MemoryDiagnoser]
public class BackendPathBenchmarks
{
    private const int Rounds = 20_000;
    private const int Batch = 32;
    private InProcessVbd? _vbd;
    private FrontRing? _front;
    private RingService? _service;
    private BlkifRequest _request;

    [Params("linux", "qemu")]
    public string Profile { get; set; } = "linux";

    [GlobalSetup]
    public void Setup()
    {
        _vbd = new InProcessVbd();
        var grants = _vbd.Frontend.CreateGrants(2);
        var shared = new SharedRing(grants.Pages(0, 1), 0, BlkifAbi.X86_64);
        _front = FrontRing.Initialize(shared);
        var store = new NullBlockStore(1 << 21);
        _service = new RingService(0, new BackRing(shared), _vbd.Backend.MapGrants(), null, store, new DiskFacts(store.Sectors, false, 512),
            new BackendOptions { Profile = BackendProfiles.ByName(Profile) });
        _request = BlkifRequest.Direct(BlkifOperation.Write, 0, 0, [new BlkifSegment(grants.GrantRef(1), 0, 7)]);
    }

    [Benchmark(OperationsPerInvoke = Rounds * Batch)]
    public long PollQd32Write4K()
    {
        var front = _front!;
        long answered = 0;
        for (int r = 0; r < Rounds; r++)
        {
            for (int i = 0; i < Batch; i++)
            {
                _request.Id = (ulong)i;
                _request.SectorNumber = (ulong)i * 8;
                front.ProduceRequest(in _request);
            }

            front.PushRequests();
            _service!.Poll();
            while (front.TryConsumeResponse(out _))
            {
                answered++;
            }
        }

        return answered;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _service!.Dispose();
        _vbd!.Dispose();
    }
}
