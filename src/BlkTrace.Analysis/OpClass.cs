using System.Text.Json.Serialization;

namespace BlkTrace.Analysis;

/// <summary>
/// What a request is, for accounting: the blkif op (<c>indirect_op</c> for INDIRECT), with
/// WRITE_BARRIER split by whether it carries data, because an empty barrier is a flush in disguise
/// and a barrier with data is a write (design.md §5). The SQL files in <c>notebooks/sql</c> spell
/// the same classes with the same names (<see cref="OpClasses.Name"/>).
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<OpClass>))]
public enum OpClass
{
    /// <summary><c>BLKIF_OP_READ</c>.</summary>
    [JsonStringEnumMemberName("read")]
    Read = 0,

    /// <summary><c>BLKIF_OP_WRITE</c>.</summary>
    [JsonStringEnumMemberName("write")]
    Write = 1,

    /// <summary><c>BLKIF_OP_FLUSH_DISKCACHE</c> (with or without data).</summary>
    [JsonStringEnumMemberName("flush")]
    Flush = 2,

    /// <summary><c>BLKIF_OP_WRITE_BARRIER</c> with 0 segments: a flush with ordering.</summary>
    [JsonStringEnumMemberName("barrier-empty")]
    EmptyBarrier = 3,

    /// <summary><c>BLKIF_OP_WRITE_BARRIER</c> with segments: an ordered write (or a cache-replay flush).</summary>
    [JsonStringEnumMemberName("barrier-data")]
    DataBarrier = 4,

    /// <summary><c>BLKIF_OP_DISCARD</c>.</summary>
    [JsonStringEnumMemberName("discard")]
    Discard = 5,

    /// <summary>Anything else: RESERVED_1, an unknown op, an INDIRECT without a readable inner op.</summary>
    [JsonStringEnumMemberName("other")]
    Other = 6,
}
