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

    /// <summary>Binds the backend's end of the event channel of <paramref name="queue"/>.</summary>
    IEventChannel BindEventChannel(int queue, int queueCount);
}
