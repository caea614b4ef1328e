namespace BlkTrace.Protocol.Blkif;

/// <summary>The response status (<c>BLKIF_RSP_*</c> in <c>io/blkif.h</c>), an <c>int16</c> on the wire.</summary>
public enum BlkifStatus : short
{
    /// <summary><c>BLKIF_RSP_OKAY</c>.</summary>
    Okay = 0,

    /// <summary><c>BLKIF_RSP_ERROR</c> (EIO).</summary>
    Error = -1,

    /// <summary>
    /// <c>BLKIF_RSP_EOPNOTSUPP</c>. The header says it "only happens on barrier writes"; in practice
    /// either a flush or a barrier may get it at any time, even with the feature advertised.
    /// </summary>
    EOpNotSupp = -2,
}
