using System.Text.Json.Serialization;

namespace BlkTrace.Analysis;

/// <summary>How a request ended: its response's <c>status</c>, or no response by the end of the trace.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<Outcome>))]
public enum Outcome
{
    /// <summary><c>BLKIF_RSP_OKAY</c>.</summary>
    [JsonStringEnumMemberName("okay")]
    Okay = 0,

    /// <summary><c>BLKIF_RSP_ERROR</c>.</summary>
    [JsonStringEnumMemberName("error")]
    Error = 1,

    /// <summary><c>BLKIF_RSP_EOPNOTSUPP</c>.</summary>
    [JsonStringEnumMemberName("eopnotsupp")]
    EOpNotSupp = 2,

    /// <summary>A status blkif.h does not define.</summary>
    [JsonStringEnumMemberName("other")]
    OtherStatus = 3,

    /// <summary>No response before the trace ended (in flight at the end of the capture).</summary>
    [JsonStringEnumMemberName("unanswered")]
    Unanswered = 4,
}
