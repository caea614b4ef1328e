using BlkTrace.Protocol.Blkif;

namespace BlkTrace.Trace.Intents;

/// <summary>
/// One row of the intent log: one guest-level intent, what the guest was told, and the ring
/// requests a strategy turned it into (see <see cref="IntentLogSchema"/> for the columns).
/// </summary>
/// <param name="IntentSeq"><c>intent_seq</c>: dense from 0 in issue order.</param>
/// <param name="Kind"><c>kind</c>.</param>
/// <param name="Sector"><c>sector</c>: first 512-byte sector (0 for a flush unless a strategy rewrote a block).</param>
/// <param name="NrSectors"><c>nr_sectors</c>.</param>
/// <param name="Generation"><c>generation</c>: the write generation stamped in every sector (0 for reads and discards).</param>
/// <param name="IssueTsNs"><c>issue_ts_ns</c>: when the guest issued it, on the replay trace's clock.</param>
/// <param name="DoneTsNs"><c>done_ts_ns</c>: when the guest was told it completed; null when it never was.</param>
/// <param name="GuestStatus"><c>guest_status</c>: what the guest was told; null when it never completed.</param>
/// <param name="RingIds"><c>ring_ids</c>: the frontend request ids the strategy sent for it, in issue order (empty: nothing was sent).</param>
/// <param name="Note"><c>note</c>: a short strategy note, or null.</param>
public sealed record IntentRecord(
    long IntentSeq,
    IntentKind Kind,
    ulong Sector,
    int NrSectors,
    long Generation,
    long IssueTsNs,
    long? DoneTsNs,
    BlkifStatus? GuestStatus,
    IReadOnlyList<ulong> RingIds,
    string? Note);
