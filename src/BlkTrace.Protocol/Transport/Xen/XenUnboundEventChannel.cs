using System.Globalization;

namespace BlkTrace.Protocol.Transport.Xen;

/// <summary>
/// A frontend's end of an event channel in a real guest: a fresh port allocated unbound for the
/// backend's domain (<c>IOCTL_EVTCHN_BIND_UNBOUND_PORT</c> on <c>/dev/xen/evtchn</c>), which the frontend
/// publishes as <c>event-channel</c> and the backend binds to. Waking reads the pending port from the
/// device and writes it back to unmask it, as libxenevtchn does; notifications coalesce in Xen's
/// pending bit.
/// </summary>
public sealed unsafe class XenUnboundEventChannel : IEventChannel
{
    private readonly int _fd;
    private readonly uint _port;
    private long _sent;
    private long _received;
    private bool _disposed;

    /// <summary>Allocates a port that <paramref name="peerDomain"/> may bind.</summary>
    public XenUnboundEventChannel(uint peerDomain)
    {
        _fd = XenIoctl.OpenDevice("/dev/xen/evtchn", "xen-evtchn");
        uint remote = peerDomain;
        int port = XenIoctl.Ioctl(_fd, XenIoctl.IoctlEvtchnBindUnboundPort, &remote);
        if (port < 0)
        {
            string error = XenIoctl.LastError();
            _ = XenIoctl.Close(_fd);
            throw new TransportException($"/dev/xen/evtchn: cannot allocate a port for domain {peerDomain.ToString(CultureInfo.InvariantCulture)}: {error}");
        }

        _port = (uint)port;
    }

    /// <inheritdoc />
    public uint? Port => _port;

    /// <inheritdoc />
    public long NotificationsSent => Volatile.Read(ref _sent);

    /// <inheritdoc />
    public long NotificationsReceived => Volatile.Read(ref _received);

    /// <inheritdoc />
    public void Notify()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        uint port = _port;
        _ = XenIoctl.Ioctl(_fd, XenIoctl.IoctlEvtchnNotify, &port);
        _sent++;
    }

    /// <inheritdoc />
    public bool Wait(int millisecondsTimeout)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (!XenIoctl.WaitReadable(_fd, millisecondsTimeout))
        {
            return false;
        }

        uint pending;
        if (XenIoctl.Read(_fd, &pending, sizeof(uint)) != sizeof(uint))
        {
            return false;
        }

        // The driver masks a port when it fires; writing it back unmasks it.
        _ = XenIoctl.Write(_fd, &pending, sizeof(uint));
        _received++;
        return true;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        uint port = _port;
        _ = XenIoctl.Ioctl(_fd, XenIoctl.IoctlEvtchnUnbind, &port);
        _ = XenIoctl.Close(_fd);
    }
}
