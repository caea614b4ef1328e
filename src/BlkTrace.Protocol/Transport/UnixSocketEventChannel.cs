using System.Net.Sockets;

namespace BlkTrace.Protocol.Transport;

/// <summary>
/// An event channel end made of a Unix datagram socket bound at <c>evtchn-&lt;side&gt;.sock</c> in a vbd
/// directory. One datagram of any content sent to the peer's socket is one notification; a
/// waiter drains every pending datagram in one go, which coalesces them.
/// </summary>
public sealed class UnixSocketEventChannel : IEventChannel
{
    /// <summary>The longest socket path Linux accepts in <c>sockaddr_un</c> (108 bytes with the NUL).</summary>
    public const int MaxSocketPath = 107;

    private static readonly byte[] Payload = [1];

    private readonly Socket _socket;
    private readonly string _ownPath;
    private readonly string _peerPath;
    private Socket? _sender;
    private long _sent;
    private long _received;
    private long _lost;

    /// <summary>Binds <paramref name="ownPath"/> (replacing a stale socket file) and targets <paramref name="peerPath"/>.</summary>
    public UnixSocketEventChannel(string ownPath, string peerPath)
    {
        CheckPath(ownPath);
        CheckPath(peerPath);
        _ownPath = ownPath;
        _peerPath = peerPath;
        if (File.Exists(ownPath))
        {
            File.Delete(ownPath);
        }

        _socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        try
        {
            _socket.Bind(new UnixDomainSocketEndPoint(ownPath));
        }
        catch (SocketException e)
        {
            _socket.Dispose();
            throw new TransportException($"{ownPath}: cannot bind the event channel socket ({e.SocketErrorCode})", e);
        }

        _socket.Blocking = false;
    }

    /// <inheritdoc />
    public long NotificationsSent => Volatile.Read(ref _sent);

    /// <inheritdoc />
    public long NotificationsReceived => Volatile.Read(ref _received);

    /// <summary>Notifications that could not be delivered because the peer's socket did not exist yet.</summary>
    public long NotificationsLost => Volatile.Read(ref _lost);

    /// <inheritdoc />
    public void Notify()
    {
        _sent++;
        for (int attempt = 0; attempt < 2; attempt++)
        {
            var sender = _sender ??= TryConnect();
            if (sender is null)
            {
                _lost++;
                return;
            }

            sender.Send(Payload, SocketFlags.None, out var error);
            switch (error)
            {
                case SocketError.Success:
                case SocketError.WouldBlock:
                    // A full peer queue means notifications are already pending there: coalesced.
                    return;
                default:
                    // The peer went away or re-bound its socket: reconnect once.
                    sender.Dispose();
                    _sender = null;
                    break;
            }
        }

        _lost++;
    }

    /// <inheritdoc />
    public bool Wait(int millisecondsTimeout)
    {
        if (Drain())
        {
            return true;
        }

        long micro = millisecondsTimeout < 0 ? -1 : (long)millisecondsTimeout * 1000;
        if (!_socket.Poll(micro > int.MaxValue ? int.MaxValue : (int)micro, SelectMode.SelectRead))
        {
            return false;
        }

        return Drain();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _sender?.Dispose();
        _socket.Dispose();
        try
        {
            File.Delete(_ownPath);
        }
        catch (IOException)
        {
            // Best effort: a stale socket file is replaced by the next bind anyway.
        }
    }

    private static void CheckPath(string path)
    {
        if (System.Text.Encoding.UTF8.GetByteCount(path) > MaxSocketPath)
        {
            throw new TransportException($"{path}: event channel socket path is longer than {MaxSocketPath} bytes; use a shorter vbd directory path");
        }
    }

    private bool Drain()
    {
        Span<byte> buffer = stackalloc byte[16];
        bool any = false;
        while (true)
        {
            _socket.Receive(buffer, SocketFlags.None, out var error);
            if (error != SocketError.Success)
            {
                break;
            }

            any = true;
        }

        if (any)
        {
            _received++;
        }

        return any;
    }

    private Socket? TryConnect()
    {
        if (!File.Exists(_peerPath))
        {
            return null;
        }

        var s = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        try
        {
            s.Connect(new UnixDomainSocketEndPoint(_peerPath));
            s.Blocking = false;
            return s;
        }
        catch (SocketException)
        {
            s.Dispose();
            return null;
        }
    }
}
