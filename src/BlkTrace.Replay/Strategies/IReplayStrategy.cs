using BlkTrace.Protocol.Blkif;

namespace BlkTrace.Replay.Strategies;

/// <summary>
/// A barrier strategy (design.md §5): how a frontend turns flush intents and durable-ordered writes
/// into ring requests, and what it tells the guest when they complete. Reads, writes and discards
/// are the same for every strategy except where a real frontend differs. One instance serves one
/// replay; the replayer calls it from one thread.
/// </summary>
public interface IReplayStrategy
{
    /// <summary>The name on the command line and in metadata.</summary>
    string Name { get; }

    /// <summary>What it decided at connect (mode, probe result), for the summary.</summary>
    string Detail { get; }

    /// <summary>The cached block a cache-replay rewrites, or null.</summary>
    CachedBlock? CachedBlock { get; }

    /// <summary>Called once after the handshake: read the features, probe, load a cached block.</summary>
    void Connect(IStrategyHost host);

    /// <summary>Fills <paramref name="plan"/> (reset) for <paramref name="intent"/>, in issue order.</summary>
    void Plan(in ReplayIntent intent, IntentPlan plan);

    /// <summary>
    /// Step <paramref name="step"/> of <paramref name="intent"/> completed with <paramref name="status"/> (the worst
    /// status of its ring requests). Update <see cref="IntentPlan.GuestStatus"/>; return false to send no more
    /// steps of this intent.
    /// </summary>
    bool OnStepCompleted(in ReplayIntent intent, IntentPlan plan, int step, BlkifStatus status);

    /// <summary>
    /// Step <paramref name="step"/> of <paramref name="intent"/> waited for its gate, which just opened: it is
    /// about to go on the ring. A real frontend decides at dispatch, not when the guest issued the request
    /// (a blkfront that disabled flushing while this flush waited completes it without the ring). Return
    /// false to send nothing more: the intent finishes with <see cref="IntentPlan.GuestStatus"/> once
    /// nothing of it is on the ring.
    /// </summary>
    bool OnGateOpened(in ReplayIntent intent, IntentPlan plan, int step) => true;
}
