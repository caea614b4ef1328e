using System.Text.Json.Serialization;

namespace BlkTrace.Analysis;

/// <summary>Requests of one class by how they ended, and their bytes (<c>nr_sectors</c> × 512).</summary>
/// <param name="Op">The class.</param>
/// <param name="Requests">Request rows.</param>
/// <param name="Okay">Answered OKAY.</param>
/// <param name="Error">Answered ERROR.</param>
/// <param name="EOpNotSupp">Answered EOPNOTSUPP.</param>
/// <param name="OtherStatus">Answered with a status blkif.h does not define.</param>
/// <param name="Unanswered">Still in flight when the trace ended.</param>
/// <param name="Bytes">Sum of <c>nr_sectors</c> × 512 over the requests.</param>
public sealed record OpTotals(OpClass Op, long Requests, long Okay, long Error, [property: JsonPropertyName("eopnotsupp")] long EOpNotSupp, long OtherStatus, long Unanswered, long Bytes);
