using BlkTrace.Protocol.Transport.Xen;

namespace BlkTrace.Tests.Protocol.Xen;

public class XenDevicePathsTests
{
    private static readonly XenDevicePaths Xvda = new(FrontendDomainId: 3, DeviceId: 51712);

    [Theory]
    [InlineData("backend/state", "/local/domain/0/backend/vbd/3/51712/state")]
    [InlineData("backend/feature-flush-cache", "/local/domain/0/backend/vbd/3/51712/feature-flush-cache")]
    [InlineData("frontend/ring-ref", "/local/domain/3/device/vbd/51712/ring-ref")]
    [InlineData("frontend/queue-1/event-channel", "/local/domain/3/device/vbd/51712/queue-1/event-channel")]
    [InlineData("backend", "/local/domain/0/backend/vbd/3/51712")]
    [InlineData("frontend", "/local/domain/3/device/vbd/51712")]
    public void ToAbsolute_DeviceNode_IsWhereXenKeepsIt(string relative, string absolute) =>
        Assert.Equal(absolute, Xvda.ToAbsolute(relative));

    [Fact]
    public void BackendPath_OtherTypeAndBackendDomain_FollowsThem()
    {
        var paths = new XenDevicePaths(7, 51728, BackendDomainId: 2, BackendType: "qdisk");

        Assert.Equal("/local/domain/2/backend/qdisk/7/51728", paths.BackendPath);
        Assert.Equal("/local/domain/7/device/vbd/51728", paths.FrontendPath);
    }

    [Theory]
    [InlineData("/local/domain/0/backend/vbd/3/51712/state", "backend/state")]
    [InlineData("/local/domain/3/device/vbd/51712/queue-0/ring-ref", "frontend/queue-0/ring-ref")]
    [InlineData("/local/domain/3/device/vbd/51712", "frontend")]
    public void TryToRelative_NodeInsideTheDevice_RoundTrips(string absolute, string relative)
    {
        Assert.True(Xvda.TryToRelative(absolute, out string got));
        Assert.Equal(relative, got);
        Assert.Equal(absolute, Xvda.ToAbsolute(got));
    }

    [Theory]
    [InlineData("/local/domain/3/device/vbd/517120/state")]
    [InlineData("/local/domain/0/backend/vbd/3/5171")]
    [InlineData("/local/domain/4/device/vbd/51712/state")]
    [InlineData("/vm/3")]
    public void TryToRelative_NodeOutsideTheDevice_IsRejected(string absolute) =>
        Assert.False(Xvda.TryToRelative(absolute, out _));

    [Fact]
    public void ToAbsolute_PathOutsideBothEnds_Throws() =>
        Assert.Throws<ArgumentException>(() => Xvda.ToAbsolute("device/vbd/51712/state"));

    [Theory]
    [InlineData(0u, XenStoreAccess.None, "n0")]
    [InlineData(5u, XenStoreAccess.Read, "r5")]
    [InlineData(1u, XenStoreAccess.Write, "w1")]
    [InlineData(2u, XenStoreAccess.ReadWrite, "b2")]
    public void Permission_ToString_IsXenstoreChmodForm(uint domain, XenStoreAccess access, string expected) =>
        Assert.Equal(expected, new XenStorePermission(domain, access).ToString());
}
