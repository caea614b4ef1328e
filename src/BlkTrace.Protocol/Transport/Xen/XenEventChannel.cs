namespace BlkTrace.Protocol.Transport.Xen;

/// <summary>
/// The backend's end of an interdomain event channel through <c>/dev/xen/evtchn</c> (libxenevtchn).
/// It binds when the frontend's port is first known: a backend binds its channels before the
/// handshake (as with the other transports), but the frontend writes <c>event-channel</c> only when
/// it is Initialised, so until then a notification is dropped and a wait just waits. Xen's pending
/// bit coalesces notifications; a wait re-arms the port (unmask) after each one.
/// </summary>
public sealed class XenEventChannel : IEventChannel
{
    private readonly nint _handle;
    private readonly uint _remoteDomain;
    private readonly Func<uint?> _remotePort;
    private int _localPort = -1;
    private int _fd = -1;
    private long _sent;
    private long _received;
    private bool _disposed;

    /// <summary>
    /// Opens an evtchn handle that binds to <paramref name="remoteDomain"/>'s port, read through
    /// <paramref name="remotePort"/> (null while the frontend has not published it).
    /// </summary>
    public unsafe XenEventChannel(uint remoteDomain, Func<uint?> remotePort)
    {
        _remotePort = remotePort ?? throw new ArgumentNullException(nameof(remotePort));
        _remoteDomain = remoteDomain;
        XenNative.EnsureLoaded();
        _handle = XenNative.EvtOpen(0, 0);
        if (_handle == 0)
        {
            throw new TransportException($"/dev/xen/evtchn: cannot open: {XenNative.LastError()} (load the xen-evtchn module)");
        }
    }

    /// <inheritdoc />
    public long NotificationsSent => Volatile.Read(ref _sent);

    /// <inheritdoc />
    public long NotificationsReceived => Volatile.Read(ref _received);

    /// <summary>Notifications dropped because the channel was not bound yet.</summary>
    public long NotificationsLost { get; private set; }

    /// <summary>The local port, or -1 before binding.</summary>
    public int LocalPort => _localPort;

    /// <inheritdoc />
    public unsafe void Notify()
    {
        if (!EnsureBound())
        {
            NotificationsLost++;
            return;
        }

        _ = XenNative.EvtNotify(_handle, (uint)_localPort);
        _sent++;
    }

    /// <inheritdoc />
    public unsafe bool Wait(int millisecondsTimeout)
    {
        if (!EnsureBound())
        {
            // Nothing to wait on yet: the caller re-checks the ring (and the store) after this.
            Thread.Sleep(Math.Clamp(millisecondsTimeout, 0, 10));
            return false;
        }

        if (!XenNative.WaitReadable(_fd, millisecondsTimeout))
        {
            return false;
        }

        int port = XenNative.EvtPending(_handle);
        if (port < 0)
        {
            return false;
        }

        // The driver masks a port when it fires; unmask so the next notification reaches us.
        _ = XenNative.EvtUnmask(_handle, (uint)port);
        _received++;
        return true;
    }

    /// <summary>Binds now if the frontend's port is known; true when bound.</summary>
    public unsafe bool EnsureBound()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_localPort >= 0)
        {
            return true;
        }

        if (_remotePort() is not { } remote)
        {
            return false;
        }

        int local = XenNative.EvtBindInterdomain(_handle, _remoteDomain, remote);
        if (local < 0)
        {
            throw new TransportException($"/dev/xen/evtchn: cannot bind to port {remote} of domain {_remoteDomain}: {XenNative.LastError()}");
        }

        _fd = XenNative.EvtFd(_handle);
        _localPort = local;
        return true;
    }

    /// <inheritdoc />
    public unsafe void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (_localPort >= 0)
        {
            _ = XenNative.EvtUnbind(_handle, (uint)_localPort);
        }

        _ = XenNative.EvtClose(_handle);
    }
}
