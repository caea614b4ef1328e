using BlkTrace.Backend.Service;
using BlkTrace.Protocol.Transport;

namespace BlkTrace.Backend.Hosting;

/// <summary>Everything <see cref="BackendHost.Run"/> needs: where the frontend is, the disk, the behaviour, the capture.</summary>
public sealed record BackendHostOptions
{
    /// <summary>
    /// Opens the transport (a vbd directory, real Xen). Called once, after the store opened, so a bad
    /// store spec is reported before any xenstore node is created; the host disposes what it returns.
    /// </summary>
    public required Func<IBackendTransport> OpenTransport { get; init; }

    /// <summary>The store spec (<see cref="Stores.StoreSpec"/>); also recorded in the trace metadata.</summary>
    public required string StoreSpec { get; init; }

    /// <summary>Profile, disk shape and policies. Its <see cref="BackendOptions.Tap"/> is replaced by the host.</summary>
    public required BackendOptions Backend { get; init; }

    /// <summary>Record to Parquet (null: no capture; the EventSource sink stays wired instead).</summary>
    public TraceCapture? Trace { get; init; }

    /// <summary>Report a status line every second.</summary>
    public bool Status { get; init; }

    /// <summary>The program named as the trace's writer (<c>blktrace.writer</c>).</summary>
    public string Writer { get; init; } = "blkt backend";
}
