namespace BlkTrace.Replay.Engine;

/// <summary>What a replayed read found wrong in a sector (summary keys are the snake_case names).</summary>
public enum VerificationFailure
{
    /// <summary>Older data than the read must see: an older generation, or zeros where a completed write had put data (the cache-replay hazard).</summary>
    Reverted,

    /// <summary>A generation newer than any write issued to the sector.</summary>
    Phantom,

    /// <summary>The stamp of another sector (a misdirected write).</summary>
    WrongSector,

    /// <summary>The stamp of another replay (another seed).</summary>
    WrongSeed,

    /// <summary>The header is right, the rest is not (torn or corrupted).</summary>
    Torn,

    /// <summary>Neither zeros nor a stamp where a stamped write was expected.</summary>
    Garbage,
}
