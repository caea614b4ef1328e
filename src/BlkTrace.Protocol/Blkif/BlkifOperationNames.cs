using System.Globalization;

namespace BlkTrace.Protocol.Blkif;

/// <summary>The names blkif.h gives the operations, as replay summaries and compare tables print them.</summary>
public static class BlkifOperationNames
{
    /// <summary>blkif.h's name of an op (<c>OP_n</c> for a byte it does not name here).</summary>
    public static string Of(BlkifOperation operation) => operation switch
    {
        BlkifOperation.Read => "READ",
        BlkifOperation.Write => "WRITE",
        BlkifOperation.WriteBarrier => "WRITE_BARRIER",
        BlkifOperation.FlushDiskCache => "FLUSH_DISKCACHE",
        BlkifOperation.Discard => "DISCARD",
        BlkifOperation.Indirect => "INDIRECT",
        _ => "OP_" + ((byte)operation).ToString(CultureInfo.InvariantCulture),
    };
}
