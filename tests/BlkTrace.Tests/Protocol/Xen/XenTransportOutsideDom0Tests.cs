using BlkTrace.Protocol.Transport;
using BlkTrace.Protocol.Transport.Xen;

namespace BlkTrace.Tests.Protocol.Xen;

// These run on the build machine, which is not a Xen dom0: the Xen libraries may be missing
// altogether (a fresh CI machine) or present without xenstored and /dev/xen (a developer box with
// libxen-dev). Either way the transport must refuse with one line that says what is missing,
// never crash or throw DllNotFoundException. In the lab's dom0 the same calls succeed.
public class XenTransportOutsideDom0Tests
{
    private static bool IsDom0 => File.Exists("/proc/xen/capabilities") && File.ReadAllText("/proc/xen/capabilities").Contains("control_d", StringComparison.Ordinal);

    [Fact]
    public void Open_NotADom0_ThrowsTransportExceptionNamingTheMissingPiece()
    {
        if (IsDom0)
        {
            return;
        }

        var e = Assert.Throws<TransportException>(() => XenBackendTransport.Open(new XenDevicePaths(1, 51712)));

        Assert.DoesNotContain('\n', e.Message);
        Assert.True(
            e.Message.Contains("libxenstore.so.4", StringComparison.Ordinal) || e.Message.Contains("xenstored", StringComparison.Ordinal),
            e.Message);
    }

    [Fact]
    public void GrantMapper_NotADom0_ThrowsTransportExceptionNamingTheDevice()
    {
        if (IsDom0)
        {
            return;
        }

        var e = Assert.Throws<TransportException>(() => new XenGrantMapper(1, persistentGrants: true));

        Assert.True(e.Message.Contains("gntdev", StringComparison.Ordinal) || e.Message.Contains("libxen", StringComparison.Ordinal), e.Message);
    }

    [Fact]
    public void EventChannel_NotADom0_ThrowsTransportExceptionNamingTheDevice()
    {
        if (IsDom0)
        {
            return;
        }

        var e = Assert.Throws<TransportException>(() => new XenEventChannel(1, () => 5u));

        Assert.True(e.Message.Contains("evtchn", StringComparison.Ordinal) || e.Message.Contains("libxen", StringComparison.Ordinal), e.Message);
    }
}
