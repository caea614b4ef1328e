using BlkTrace.Protocol.Blkif;
using BlkTrace.Protocol.Diagnostics;
using BlkTrace.Protocol.Handshake;
using BlkTrace.Protocol.Ring;
using BlkTrace.Protocol.Transport;
using BlkTrace.Protocol.XenStore;

namespace BlkTrace.Tests.Protocol;

/// <summary>The vbd directory and in-process transports, and what they say about bad input.</summary>
public sealed class TransportTests : IDisposable
{
    private static readonly TimeSpan Short = TimeSpan.FromSeconds(2);
    private readonly string _dir = Path.Combine("/tmp", "blkt-unit-" + Guid.NewGuid().ToString("N")[..8]);

    public void Dispose()
    {
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }

    [Fact]
    public void DirectoryStore_WriteRead_OneFilePerNodeAndNoTempFilesLeft()
    {
        using var back = new DirectoryXenStore(Path.Combine(_dir, "xenstore"), XenStoreSide.Backend);
        using var front = new DirectoryXenStore(Path.Combine(_dir, "xenstore"), XenStoreSide.Frontend);
        back.Write("backend/feature-flush-cache", "1");
        front.Write("frontend/queue-1/ring-ref", "7");

        Assert.Equal("1", File.ReadAllText(Path.Combine(_dir, "xenstore", "backend", "feature-flush-cache")));
        Assert.Equal("7", back.Read("frontend/queue-1/ring-ref"));
        Assert.Null(back.Read("frontend/ring-ref"));
        Assert.Equal(["queue-1"], front.List("frontend"));
        Assert.Empty(Directory.GetFiles(Path.Combine(_dir, "xenstore"), ".*", SearchOption.AllDirectories));
    }

    [Fact]
    public void DirectoryStore_WriteOtherSide_IsRefused()
    {
        using var back = new DirectoryXenStore(Path.Combine(_dir, "xenstore"), XenStoreSide.Backend);
        Assert.Throws<InvalidOperationException>(() => back.Write("frontend/state", "4"));
        Assert.Throws<ArgumentException>(() => back.Write("backend/../x", "4"));
    }

    [Fact]
    public async Task DirectoryStore_PeerWrites_WakeTheWatcher()
    {
        using var back = new DirectoryXenStore(Path.Combine(_dir, "xenstore"), XenStoreSide.Backend);
        using var front = new DirectoryXenStore(Path.Combine(_dir, "xenstore"), XenStoreSide.Frontend);
        var waiter = Task.Run(() => XenStoreValues.WaitForState(back, "frontend/state", XenbusState.Initialised, TimeSpan.FromSeconds(20), CancellationToken.None));
        front.Write("frontend/state", "3");
        Assert.Equal(XenbusState.Initialised, await waiter);
    }

    [Theory]
    [InlineData("abc", "not an unsigned number")]
    [InlineData("-1", "not an unsigned number")]
    [InlineData("99", "not a xenbus state")]
    public void GarbageStateNode_IsAnErrorNamingTheFile(string garbage, string problem)
    {
        using var back = new DirectoryXenStore(Path.Combine(_dir, "xenstore"), XenStoreSide.Backend);
        using var front = new DirectoryXenStore(Path.Combine(_dir, "xenstore"), XenStoreSide.Frontend);
        front.Write("frontend/state", garbage);
        var e = Assert.Throws<TransportException>(() => new BackendHandshake(back).FrontendState);
        Assert.Contains(Path.Combine(_dir, "xenstore", "frontend", "state"), e.Message, StringComparison.Ordinal);
        Assert.Contains(problem, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void OversizedNode_IsAnErrorNamingTheFile()
    {
        using var back = new DirectoryXenStore(Path.Combine(_dir, "xenstore"), XenStoreSide.Backend);
        Directory.CreateDirectory(Path.Combine(_dir, "xenstore", "frontend"));
        File.WriteAllText(Path.Combine(_dir, "xenstore", "frontend", "protocol"), new string('x', 10_000));
        var e = Assert.Throws<TransportException>(() => back.Read("frontend/protocol"));
        Assert.Contains("frontend/protocol", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void OpenFrontend_MissingDirectory_SaysSo()
    {
        var e = Assert.Throws<TransportException>(() => VbdDirectory.OpenFrontend(_dir));
        Assert.Contains(_dir, e.Message, StringComparison.Ordinal);
        Assert.Contains("no such vbd directory", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WaitForBackend_NoBackend_TimesOutNamingTheNode()
    {
        Directory.CreateDirectory(_dir);
        using var front = VbdDirectory.OpenFrontend(_dir);
        var e = Assert.Throws<TransportException>(() => new FrontendHandshake(front.Store).WaitForBackend(TimeSpan.FromMilliseconds(300), CancellationToken.None));
        Assert.Contains("backend/state", e.Message, StringComparison.Ordinal);
        Assert.Contains("is the peer running", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(5000)]
    public void MapGrants_WrongSizedGrantsFile_IsAnErrorNamingTheFile(int length)
    {
        using var back = VbdDirectory.OpenBackend(_dir);
        File.WriteAllBytes(Path.Combine(_dir, "grants"), new byte[length]);
        var e = Assert.Throws<TransportException>(() => back.MapGrants());
        Assert.Contains(Path.Combine(_dir, "grants"), e.Message, StringComparison.Ordinal);
        Assert.Contains("not a whole number of 4096-byte pages", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MapGrants_NoGrantsFile_SaysTheFrontendGrantedNothing()
    {
        using var back = VbdDirectory.OpenBackend(_dir);
        var e = Assert.Throws<TransportException>(() => back.MapGrants());
        Assert.Contains("has not granted any pages", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MapRing_RingRefPastGrants_IsAnErrorNamingTheNode()
    {
        using var vbd = new InProcessVbd();
        vbd.Frontend.CreateGrants(2);
        var handshake = new BackendHandshake(vbd.Backend.Store);
        var rings = new FrontendRings(BlkifAbi.X86_64, true, 0, [new FrontendQueue(0, [9], 1)]);
        var e = Assert.Throws<TransportException>(() => handshake.MapRing(vbd.Backend.MapGrants(), rings, rings.Queues[0]));
        Assert.Contains("frontend/ring-ref", e.Message, StringComparison.Ordinal);
        Assert.Contains("past the end", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MapRing_HeaderWithImpossibleIndices_IsAnErrorNamingTheNode()
    {
        using var vbd = new InProcessVbd();
        var grants = vbd.Frontend.CreateGrants(1);
        var ring = new SharedRing(grants.Pages(0, 1), 0, BlkifAbi.X86_64);
        FrontRing.Initialize(ring);
        ring.ReqProd = 4_000_000;
        var handshake = new BackendHandshake(vbd.Backend.Store);
        var rings = new FrontendRings(BlkifAbi.X86_64, true, 0, [new FrontendQueue(0, [0], 1)]);
        var e = Assert.Throws<TransportException>(() => handshake.MapRing(vbd.Backend.MapGrants(), rings, rings.Queues[0]));
        Assert.Contains("ring header is not usable", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WaitForFrontend_UnknownProtocolOrOrderTooLarge_AreErrorsNamingTheNode()
    {
        using var vbd = new InProcessVbd();
        vbd.Frontend.Store.Write("frontend/state", "3");
        vbd.Frontend.Store.Write("frontend/ring-ref", "0");
        vbd.Frontend.Store.Write("frontend/event-channel", "1");
        vbd.Frontend.Store.Write("frontend/protocol", "arm-abi");
        var handshake = new BackendHandshake(vbd.Backend.Store);
        var e = Assert.Throws<TransportException>(() => handshake.WaitForFrontend(1, 4, BlkifAbi.X86_64, Short, CancellationToken.None));
        Assert.Contains("unknown protocol 'arm-abi'", e.Message, StringComparison.Ordinal);

        vbd.Frontend.Store.Write("frontend/protocol", "x86_32-abi");
        vbd.Frontend.Store.Write("frontend/ring-page-order", "7");
        e = Assert.Throws<TransportException>(() => handshake.WaitForFrontend(1, 4, BlkifAbi.X86_64, Short, CancellationToken.None));
        Assert.Contains("ring-page-order", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Handshake_OrderFourThirtyTwoBitAcrossVbdDirectory_ConnectsAndEchoes()
    {
        using var backEnd = VbdDirectory.OpenBackend(_dir);
        using var frontEnd = VbdDirectory.OpenFrontend(_dir);
        var accept = Task.Run(() => RingEchoSetup.AcceptFrontend(backEnd, 2048, TimeSpan.FromSeconds(20), CancellationToken.None));
        var (front, frontChannel) = RingEchoSetup.ConnectToBackend(frontEnd, 4, BlkifAbi.X86_32, TimeSpan.FromSeconds(20), CancellationToken.None);
        var (back, backChannel) = await accept;
        Assert.Equal(512, front.Size);
        Assert.Equal(512, back.Size);
        Assert.Equal(BlkifAbi.X86_32, back.Shared.Abi);
        Assert.Equal("x86_32-abi", File.ReadAllText(Path.Combine(_dir, "xenstore", "frontend", "protocol")));
        Assert.Equal("4", File.ReadAllText(Path.Combine(_dir, "xenstore", "backend", "state")));
        Assert.Equal(16 * 4096, new FileInfo(Path.Combine(_dir, "grants")).Length);

        using var stop = new CancellationTokenSource();
        var server = new RingEchoServer(back, backChannel);
        var t = new Thread(() => server.Run(stop.Token));
        t.Start();
        var result = new RingEchoClient(front, frontChannel).Run(50_000, 7, CancellationToken.None);
        stop.Cancel();
        t.Join();
        Assert.Equal(50_000, result.RoundTrips);
        Assert.Equal(0, result.Mismatches);
        frontChannel.Dispose();
        backChannel.Dispose();
    }

    [Fact]
    public void UnixSocketEventChannel_NotifyBurst_CoalescesIntoOneWakeUp()
    {
        Directory.CreateDirectory(_dir);
        using var a = new UnixSocketEventChannel(Path.Combine(_dir, "a.sock"), Path.Combine(_dir, "b.sock"));
        using var b = new UnixSocketEventChannel(Path.Combine(_dir, "b.sock"), Path.Combine(_dir, "a.sock"));
        Assert.False(b.Wait(0));
        for (int i = 0; i < 10; i++)
        {
            a.Notify();
        }

        Assert.True(b.Wait(5000));
        Assert.False(b.Wait(0));
        Assert.Equal(10, a.NotificationsSent);
        Assert.Equal(1, b.NotificationsReceived);
    }

    [Fact]
    public void UnixSocketEventChannel_PathTooLong_SaysSo()
    {
        string longPath = "/tmp/" + new string('d', 120) + "/evtchn-backend.sock";
        var e = Assert.Throws<TransportException>(() => new UnixSocketEventChannel(longPath, longPath));
        Assert.Contains("shorter vbd directory", e.Message, StringComparison.Ordinal);
    }
}
