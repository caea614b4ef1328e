using BlkTrace.Protocol.Handshake;
using BlkTrace.Protocol.Transport;

namespace BlkTrace.Backend.Service;

/// <summary>
/// One connection to a frontend: a ring thread per queue. It owns its rings' event channels and the
/// connection's grant mappings; disposing it stops the threads (after their current batch), closes the
/// channels and then gives the grants back to the transport (<see cref="IBackendTransport.ReleaseGrants"/>).
/// </summary>
public sealed class BackendSession : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Thread[] _threads;
    private readonly IEventChannel[] _channels;
    private readonly Action? _releaseGrants;
    private bool _disposed;

    internal BackendSession(FrontendRings frontend, IReadOnlyList<RingService> rings, IEventChannel[] channels, Action? releaseGrants = null)
    {
        Frontend = frontend;
        Rings = rings;
        _channels = channels;
        _releaseGrants = releaseGrants;
        _threads = new Thread[rings.Count];
        for (int i = 0; i < rings.Count; i++)
        {
            var ring = rings[i];
            _threads[i] = new Thread(() => ring.Run(_stop.Token)) { IsBackground = true, Name = $"blkback-ring-{i}" };
        }
    }

    /// <summary>What the frontend published.</summary>
    public FrontendRings Frontend { get; }

    /// <summary>One service per queue.</summary>
    public IReadOnlyList<RingService> Rings { get; }

    /// <summary>
    /// Tells the ring threads to stop without waiting for them. A thread asleep on its event channel
    /// notices at its next wake-up, so a caller that owns the other end can notify it and make
    /// <see cref="Dispose"/> return at once instead of after the sleep's timeout.
    /// </summary>
    public void BeginStop()
    {
        if (!_disposed)
        {
            _stop.Cancel();
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _stop.Cancel();
        foreach (var t in _threads)
        {
            if (t.IsAlive)
            {
                t.Join();
            }
        }

        foreach (var r in Rings)
        {
            r.Dispose();
        }

        foreach (var c in _channels)
        {
            c.Dispose();
        }

        // Only now: no ring thread can touch a mapped page any more.
        _releaseGrants?.Invoke();
        _stop.Dispose();
    }

    internal void Start()
    {
        foreach (var t in _threads)
        {
            t.Start();
        }
    }
}
