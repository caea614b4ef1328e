using BlkTrace.Protocol.XenStore;

namespace BlkTrace.Protocol.Transport;

/// <summary>
/// What a backend needs from its environment: the device's xenstore nodes, the frontend's granted
/// pages and one event channel per queue. In-process, vbd directory and (later) real Xen implement it.
/// </summary>
public interface IBackendTransport : IDisposable
{
    /// <summary>A human-readable name for messages ("vbd directory /tmp/x").</summary>
    string Description { get; }

    /// <summary>The device's store, writable under <c>backend/</c>.</summary>
    IXenStore Store { get; }

    /// <summary>Maps the frontend's grants; call once the frontend is Initialised.</summary>
    IGrantMapper MapGrants();

    /// <summary>
    /// Gives back what <see cref="MapGrants"/> mapped for a connection that has ended (its ring threads
    /// have stopped): the ring pages and any pages kept as persistent grants. Called once per
    /// <see cref="MapGrants"/>, before the backend waits for the next frontend, so that nothing of the
    /// old connection is still mapped when a reconnecting frontend publishes its new ring (in Xen the
    /// frontend ends those grants once it has closed). Transports whose pages are always mapped
    /// (in-process, vbd directory) do nothing.
    /// </summary>
    void ReleaseGrants(IGrantMapper grants)
    {
    }

    /// <summary>Binds the backend's end of the event channel of <paramref name="queue"/>.</summary>
    IEventChannel BindEventChannel(int queue, int queueCount);
}
