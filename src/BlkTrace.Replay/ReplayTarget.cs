using BlkTrace.Backend.Profiles;

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
    public bool InProcess => VbdDirectory is null;

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

    /// <summary>A running backend's vbd directory.</summary>
    public static ReplayTarget Vbd(string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        return new ReplayTarget { VbdDirectory = directory };
    }

    /// <summary>"linux × mem:…" or "vbd DIR".</summary>
    public override string ToString() => InProcess ? $"{Profile!.Name} × {Store}" : $"vbd {VbdDirectory}";
}
