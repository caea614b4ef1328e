using System.Text.Json.Serialization;

namespace BlkTrace.Analysis.Durability;

/// <summary>What a drawn crash state can show is wrong (design.md §6, dm-log-writes rule).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<DurabilityViolationKind>))]
public enum DurabilityViolationKind
{
    /// <summary>
    /// A write the guest saw complete before it issued a flush that it was told succeeded is missing:
    /// some sector holds neither its generation nor a later one (and the cause is not stale data, which
    /// is <see cref="RevertedData"/>).
    /// </summary>
    [JsonStringEnumMemberName("lost-durable-write")]
    LostDurableWrite = 0,

    /// <summary>For a barrier or durable-ordered write B told OK: a write issued after B completed is durable while one completed before B was issued is not.</summary>
    [JsonStringEnumMemberName("broken-barrier-prefix")]
    BrokenBarrierPrefix = 1,

    /// <summary>A sector holds a generation older than a store-flush-covered write that completed before the older data was written (a stale cache replayed).</summary>
    [JsonStringEnumMemberName("reverted-data")]
    RevertedData = 2,
}
