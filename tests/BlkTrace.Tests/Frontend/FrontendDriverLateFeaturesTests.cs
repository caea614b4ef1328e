using BlkTrace.Frontend;
using BlkTrace.Protocol.Blkif;
using BlkTrace.Protocol.Transport;
using BlkTrace.Protocol.XenStore;

namespace BlkTrace.Tests.Frontend;

// Linux blkback writes feature-flush-cache, feature-barrier and feature-discard only when it goes
// Connected (seen from our frontend inside a Xen guest, tests/XenLab): the driver must report what
// the backend advertised once connected, as Linux blkfront reads it then.
public sealed class FrontendDriverLateFeaturesTests
{
    [Fact]
    public void Connect_BackendAdvertisesFlushOnlyAtConnected_FeaturesShowIt()
    {
        using var vbd = new InProcessVbd();
        var be = vbd.Backend.Store;
        string State(XenStoreSide side) => XenStorePath.Of(side, XenStoreNodes.State);
        XenStoreValues.WriteState(be, State(XenStoreSide.Backend), XenbusState.InitWait);
        var backend = new Thread(() =>
        {
            XenStoreValues.WaitForState(be, State(XenStoreSide.Frontend), XenbusState.Initialised, TimeSpan.FromSeconds(30), CancellationToken.None);
            be.Write(XenStorePath.Of(XenStoreSide.Backend, XenStoreNodes.FeatureFlushCache), "1");
            be.Write(XenStorePath.Of(XenStoreSide.Backend, XenStoreNodes.Sectors), "2048");
            XenStoreValues.WriteState(be, State(XenStoreSide.Backend), XenbusState.Connected);
        });
        backend.Start();

        using var driver = FrontendDriver.Connect(vbd.Frontend, new FrontendOptions { DataPagesPerQueue = 64 }, CancellationToken.None);
        backend.Join();

        Assert.True(driver.Features.FlushCache);
        Assert.Equal(2048ul, driver.Disk.Sectors);
    }
}
