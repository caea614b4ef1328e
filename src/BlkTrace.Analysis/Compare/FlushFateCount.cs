namespace BlkTrace.Analysis.Compare;

/// <summary>
/// One way flush intents went in a replay, read from its intent log and ring trace: what the
/// strategy turned them into on the ring, the worst status the ring answered, what the guest was
/// told, and how many. The same shape as the replay's own <c>summary.json</c> fates.
/// </summary>
/// <param name="Became">The ring requests sent, e.g. <c>FLUSH_DISKCACHE 0-seg</c>, <c>WRITE_BARRIER with data</c>, <c>nothing</c>.</param>
/// <param name="RingStatus"><c>OKAY</c>, <c>ERROR</c>, <c>EOPNOTSUPP</c>, or <c>none</c> when nothing was answered.</param>
/// <param name="GuestStatus">What the guest was told: <c>OKAY</c>, <c>ERROR</c>, <c>EOPNOTSUPP</c>, or <c>never</c>.</param>
/// <param name="Count">Intents that went this way.</param>
public sealed record FlushFateCount(string Became, string RingStatus, string GuestStatus, long Count)
{
    /// <summary>One line: <c>nothing → none → told OKAY</c>.</summary>
    public override string ToString() => $"{Became} → {RingStatus} → told {GuestStatus}";
}
