namespace BlkTrace.Protocol.Transport;

/// <summary>
/// One end of an event channel. A notification carries no data: it only says "look at the ring".
/// Notifications that arrive while one is already pending coalesce, as Xen's pending bit does.
/// </summary>
public interface IEventChannel : IDisposable
{
    /// <summary>
    /// The port the peer binds to, when the transport has real ports (a Xen frontend publishes it as
    /// <c>event-channel</c>); null where any placeholder number will do (in-process, vbd directory).
    /// </summary>
    uint? Port => null;

    /// <summary>Notifications sent to the peer.</summary>
    long NotificationsSent { get; }

    /// <summary>Wake-ups seen (coalesced notifications count once).</summary>
    long NotificationsReceived { get; }

    /// <summary>Sends one notification to the peer (<c>notify_remote_via_irq</c>). Never blocks.</summary>
    void Notify();

    /// <summary>
    /// Blocks until a notification is pending or the timeout passes, and clears what is pending.
    /// Returns false on timeout. The caller re-checks the ring afterwards in every case.
    /// </summary>
    bool Wait(int millisecondsTimeout);
}
