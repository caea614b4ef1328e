using System.Text.Json.Serialization;

namespace BlkTrace.Analysis;

/// <summary>
/// What the ring alone can show is wrong (design.md §6): ordering violations, broken durability
/// promises, and protocol faults.
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<RingViolationKind>))]
public enum RingViolationKind
{
    /// <summary>A WRITE_BARRIER completed before a write issued before it (same ring) completed.</summary>
    [JsonStringEnumMemberName("barrier-overtaken")]
    BarrierOvertaken = 0,

    /// <summary>A write issued after a WRITE_BARRIER (same ring) completed before the barrier did.</summary>
    [JsonStringEnumMemberName("overtook-barrier")]
    OvertookBarrier = 1,

    /// <summary>A flush or barrier answered ERROR, EOPNOTSUPP or another non-OKAY status: a durability promise the guest may believe was kept.</summary>
    [JsonStringEnumMemberName("flush-failed")]
    FlushFailed = 2,

    /// <summary>A flush or barrier answered OKAY with no store flush recorded between its request and its response.</summary>
    [JsonStringEnumMemberName("flush-not-honoured")]
    FlushNotHonoured = 3,

    /// <summary>Protocol fault: a response whose (queue, id) has no outstanding request.</summary>
    [JsonStringEnumMemberName("response-without-request")]
    ResponseWithoutRequest = 4,

    /// <summary>Protocol fault: a request whose id is already in flight on the same ring.</summary>
    [JsonStringEnumMemberName("id-reused-in-flight")]
    IdReusedInFlight = 5,

    /// <summary>Protocol fault: more than RING_SIZE requests outstanding on one ring.</summary>
    [JsonStringEnumMemberName("ring-overflow")]
    RingOverflow = 6,
}
