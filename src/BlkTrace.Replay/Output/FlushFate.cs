namespace BlkTrace.Replay.Output;

/// <summary>
/// One way flush intents (or durable-ordered writes) went in a replay: what the strategy turned them
/// into on the ring, the worst status the ring answered, what the guest was told, and how many.
/// </summary>
/// <param name="Became">The ring requests sent, e.g. <c>FLUSH_DISKCACHE 0-seg</c>, <c>WRITE with data + FLUSH_DISKCACHE 0-seg</c>, <c>nothing</c>.</param>
/// <param name="RingStatus"><c>OKAY</c>, <c>ERROR</c>, <c>EOPNOTSUPP</c>, or <c>none</c> when nothing was answered.</param>
/// <param name="GuestStatus">What the guest was told: <c>OKAY</c>, <c>ERROR</c>, <c>EOPNOTSUPP</c>, or <c>never</c>.</param>
/// <param name="Count">Intents that went this way.</param>
public sealed record FlushFate(string Became, string RingStatus, string GuestStatus, long Count);
