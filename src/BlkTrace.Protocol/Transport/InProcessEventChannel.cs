namespace BlkTrace.Protocol.Transport;

/// <summary>
/// An in-process event channel end. <see cref="CreatePair"/> makes the two ends; notifying one
/// wakes the other. A pending flag coalesces notifications like Xen's pending bit, so a burst of
/// notifies costs one wake-up, and nothing allocates after construction.
/// </summary>
public sealed class InProcessEventChannel : IEventChannel
{
    private readonly SemaphoreSlim _wake = new(0, int.MaxValue);
    private InProcessEventChannel? _peer;
    private int _pending;
    private long _sent;
    private long _received;

    private InProcessEventChannel()
    {
    }

    /// <inheritdoc />
    public long NotificationsSent => Volatile.Read(ref _sent);

    /// <inheritdoc />
    public long NotificationsReceived => Volatile.Read(ref _received);

    /// <summary>Two connected ends.</summary>
    public static (InProcessEventChannel First, InProcessEventChannel Second) CreatePair()
    {
        var a = new InProcessEventChannel();
        var b = new InProcessEventChannel();
        a._peer = b;
        b._peer = a;
        return (a, b);
    }

    /// <inheritdoc />
    public void Notify()
    {
        Interlocked.Increment(ref _sent);
        var peer = _peer!;
        if (Interlocked.Exchange(ref peer._pending, 1) == 0)
        {
            peer._wake.Release();
        }
    }

    /// <inheritdoc />
    public bool Wait(int millisecondsTimeout)
    {
        if (!_wake.Wait(millisecondsTimeout))
        {
            return false;
        }

        // Clear pending before the caller re-reads the ring: a notify that lands after this point
        // releases the semaphore again, one that landed before it published its data already.
        Volatile.Write(ref _pending, 0);
        Interlocked.Increment(ref _received);
        return true;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        // Nothing to release: the semaphore never creates a wait handle, and keeping it alive lets a
        // peer that notifies after we are gone do so harmlessly, as Xen lets a closed port be signalled.
    }
}
