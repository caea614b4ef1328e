namespace BlkTrace.Protocol.Blkif;

/// <summary>The <c>state</c> node of each end (<c>enum xenbus_state</c> in <c>io/xenbus.h</c>).</summary>
public enum XenbusState
{
    /// <summary><c>XenbusStateUnknown</c>.</summary>
    Unknown = 0,

    /// <summary><c>XenbusStateInitialising</c>.</summary>
    Initialising = 1,

    /// <summary><c>XenbusStateInitWait</c>: the backend has published its features.</summary>
    InitWait = 2,

    /// <summary><c>XenbusStateInitialised</c>: the frontend has published its ring.</summary>
    Initialised = 3,

    /// <summary><c>XenbusStateConnected</c>.</summary>
    Connected = 4,

    /// <summary><c>XenbusStateClosing</c>.</summary>
    Closing = 5,

    /// <summary><c>XenbusStateClosed</c>.</summary>
    Closed = 6,

    /// <summary><c>XenbusStateReconfiguring</c>.</summary>
    Reconfiguring = 7,

    /// <summary><c>XenbusStateReconfigured</c>.</summary>
    Reconfigured = 8,
}
