using BlkTrace.Backend.Profiles;
using BlkTrace.Protocol.Transport;

namespace BlkTrace.Replay;

/// <summary>
/// Where a replay goes: an in-process backend (profile × store) hosted in the replay process, whose
/// tap records the replay trace, or a running <c>blkt backend</c> through its vbd directory, whose
/// own <c>--trace</c> (if any) is the replay trace.
/// </summary>
public sealed record ReplayTarget
{
    private ReplayTarget()
    {
    }

    /// <summary>The profile of an in-process backend (null for a vbd target).</summary>
    public BackendProfile? Profile { get; private init; }

    /// <summary>The store spec of an in-process backend: <c>null</c>, <c>mem[,cache]</c>, <c>file:PATH</c>, sizes optional (the trace's disk).</summary>
    public string? Store { get; private init; }

    /// <summary>The vbd directory of a running backend (null for in-process).</summary>
    public string? VbdDirectory { get; private init; }

    /// <summary>True for an in-process backend.</summary>
    public bool InProcess => VbdDirectory is null && OpenFrontend is null;

    /// <summary>Record an XxHash3 of every write's payload in the replay trace's data_hash (in-process only).</summary>
    public bool HashData { get; init; } = true;

    /// <summary>I/O threads per ring for a file store (-1: the backend's default).</summary>
    public int IoThreads { get; init; } = -1;

    /// <summary>An in-process backend.</summary>
    public static ReplayTarget InProcessBackend(BackendProfile profile, string store)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentException.ThrowIfNullOrWhiteSpace(store);
        return new ReplayTarget { Profile = profile, Store = store };
    }

    /// <summary>Opens the frontend's transport of a target reached some other way (a real Xen device from inside a guest); null otherwise.</summary>
    public Func<IFrontendTransport>? OpenFrontend { get; private init; }

    /// <summary>The kind of a transport target (<c>xen</c>), for summaries and directory names.</summary>
    public string? TransportKind { get; private init; }

    /// <summary>
    /// A backend reached through a frontend transport this process opens itself, e.g.
    /// <c>XenFrontendTransport.Open</c> inside a Xen guest: blkback, qdisk or ours in dom0. Like a vbd
    /// target, the backend has its own profile and store, and its own trace if any.
    /// </summary>
    public static ReplayTarget Transport(string kind, Func<IFrontendTransport> open)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(kind);
        ArgumentNullException.ThrowIfNull(open);
        return new ReplayTarget { OpenFrontend = open, TransportKind = kind };
    }

    /// <summary>A running backend's vbd directory.</summary>
    public static ReplayTarget Vbd(string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        return new ReplayTarget { VbdDirectory = directory };
    }

    /// <summary>"linux × mem:…" or "vbd DIR".</summary>
    public override string ToString() => InProcess ? $"{Profile!.Name} × {Store}" : OpenFrontend is not null ? TransportKind! : $"vbd {VbdDirectory}";
}
