namespace BlkTrace.Backend.Profiles;

/// <summary>In which order a ring's in-flight requests complete when they are served by the ring thread.</summary>
public enum CompletionOrder
{
    /// <summary>In the order they were consumed.</summary>
    Submission,

    /// <summary>In a seeded random order (QEMU's AIO completes in any order).</summary>
    Seeded,
}
