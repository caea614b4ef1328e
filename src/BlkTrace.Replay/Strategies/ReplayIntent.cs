using BlkTrace.Trace.Intents;

namespace BlkTrace.Replay.Strategies;

/// <summary>An intent as the replayer issues it: what it is and the generation its data carries.</summary>
/// <param name="Seq">Its <c>intent_seq</c>.</param>
/// <param name="Kind">What the guest wants.</param>
/// <param name="Sector">First 512-byte sector.</param>
/// <param name="Sectors">Length in 512-byte sectors (0 for a flush).</param>
/// <param name="Generation">For writes and durable-ordered writes: the generation stamped into every sector (global, from 1); 0 otherwise.</param>
public readonly record struct ReplayIntent(long Seq, IntentKind Kind, ulong Sector, int Sectors, long Generation)
{
    /// <summary>True for kinds that carry guest data (write, durable-ordered write).</summary>
    public bool IsWrite => Kind is IntentKind.Write or IntentKind.DurableWrite;

    /// <summary>True when the intent's range covers <paramref name="sector"/>.</summary>
    public bool Covers(ulong sector) => sector >= Sector && sector - Sector < (ulong)Sectors;
}
