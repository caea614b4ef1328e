using BlkTrace.Backend.Profiles;
using BlkTrace.Backend.Service;
using BlkTrace.Backend.Stores;
using BlkTrace.Frontend;
using BlkTrace.Protocol.Transport;

namespace BlkTrace.Tests.Frontend;

/// <summary>A real backend (ring threads and all) and a frontend driver connected through the in-process transport.</summary>
public sealed class InProcessDevice : IDisposable
{
    private readonly InProcessVbd _vbd = new();
    private readonly BackendSession _session;

    public InProcessDevice(BackendProfile profile, IBlockStore? store = null, FrontendOptions? frontend = null, bool readOnly = false, int sectorSize = 512, int? maxQueues = null)
    {
        Store = store ?? new MemoryBlockStore(1 << 16, writeCache: true);
        Backend = new BlkifBackend(_vbd.Backend, Store, new BackendOptions
        {
            Profile = profile,
            ReadOnly = readOnly,
            SectorSize = sectorSize,
            MaxQueues = maxQueues,
            StallOnBadRequest = false,
        });
        Backend.Announce();
        var accept = Task.Run(() => Backend.Accept(TimeSpan.FromSeconds(30), CancellationToken.None));
        Driver = FrontendDriver.Connect(_vbd.Frontend, frontend ?? new FrontendOptions(), CancellationToken.None);
        _session = accept.GetAwaiter().GetResult();
    }

    public IBlockStore Store { get; }

    public BlkifBackend Backend { get; }

    public FrontendDriver Driver { get; }

    public IReadOnlyDictionary<string, string> Nodes => _vbd.StoreSnapshot();

    public void Dispose()
    {
        Driver.Dispose();
        _session.Dispose();
        _vbd.Dispose();
        Store.Dispose();
    }
}
