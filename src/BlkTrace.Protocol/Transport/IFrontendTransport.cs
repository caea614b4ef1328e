using BlkTrace.Protocol.XenStore;

namespace BlkTrace.Protocol.Transport;

/// <summary>What a frontend needs: the device's xenstore nodes, pages to grant and one event channel per queue.</summary>
public interface IFrontendTransport : IDisposable
{
    /// <summary>A human-readable name for messages.</summary>
    string Description { get; }

    /// <summary>The device's store, writable under <c>frontend/</c>.</summary>
    IXenStore Store { get; }

    /// <summary>Creates <paramref name="pageCount"/> zeroed, granted pages (once per connection).</summary>
    IGrantTable CreateGrants(int pageCount);

    /// <summary>Binds the frontend's end of the event channel of <paramref name="queue"/>.</summary>
    IEventChannel BindEventChannel(int queue, int queueCount);
}
