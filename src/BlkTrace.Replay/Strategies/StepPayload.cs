namespace BlkTrace.Replay.Strategies;

/// <summary>What a step's segments carry.</summary>
public enum StepPayload : byte
{
    /// <summary>No data (0-segment flush or barrier, discard) or, for READ, the buffer the backend fills.</summary>
    None,

    /// <summary>The intent's own data: every sector stamped with its number, the intent's generation and the replay seed.</summary>
    IntentData,

    /// <summary>The strategy's cached copy of a block (cache-replay): <see cref="IReplayStrategy.CachedBlock"/>.</summary>
    CachedBlock,
}
