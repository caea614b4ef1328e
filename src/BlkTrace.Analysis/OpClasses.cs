using BlkTrace.Protocol.Blkif;

namespace BlkTrace.Analysis;

/// <summary>Classifying requests into <see cref="OpClass"/>, and the names reports and SQL use.</summary>
public static class OpClasses
{
    /// <summary>How many classes there are (array sizes).</summary>
    public const int Count = 7;

    private static readonly string[] Names = ["read", "write", "flush", "barrier-empty", "barrier-data", "discard", "other"];

    /// <summary>Every class in report order.</summary>
    public static IReadOnlyList<OpClass> All { get; } = Enum.GetValues<OpClass>();

    /// <summary>
    /// The class of a request row: the effective op (<c>indirect_op</c> when <c>op</c> is INDIRECT and
    /// the inner op was recorded), WRITE_BARRIER split on <c>nr_segments</c> = 0.
    /// </summary>
    public static OpClass Classify(BlkifOperation op, BlkifOperation indirectOp, bool hasIndirectOp, ushort nrSegments)
    {
        if (op == BlkifOperation.Indirect)
        {
            if (!hasIndirectOp)
            {
                return OpClass.Other;
            }

            op = indirectOp;
        }

        return op switch
        {
            BlkifOperation.Read => OpClass.Read,
            BlkifOperation.Write => OpClass.Write,
            BlkifOperation.FlushDiskCache => OpClass.Flush,
            BlkifOperation.WriteBarrier => nrSegments == 0 ? OpClass.EmptyBarrier : OpClass.DataBarrier,
            BlkifOperation.Discard => OpClass.Discard,
            _ => OpClass.Other,
        };
    }

    /// <summary>The report and SQL name: <c>read</c>, <c>write</c>, <c>flush</c>, <c>barrier-empty</c>, <c>barrier-data</c>, <c>discard</c>, <c>other</c>.</summary>
    public static string Name(OpClass op) => (uint)op < (uint)Names.Length ? Names[(int)op] : "other";

    /// <summary>The class with that report name; false for an unknown name.</summary>
    public static bool TryParse(string name, out OpClass op)
    {
        int i = Array.IndexOf(Names, name);
        op = i >= 0 ? (OpClass)i : OpClass.Other;
        return i >= 0;
    }

    /// <summary>A flush in the guest's sense: FLUSH_DISKCACHE or any WRITE_BARRIER.</summary>
    public static bool IsFlush(OpClass op) => op is OpClass.Flush or OpClass.EmptyBarrier or OpClass.DataBarrier;

    /// <summary>A WRITE_BARRIER, empty or with data.</summary>
    public static bool IsBarrier(OpClass op) => op is OpClass.EmptyBarrier or OpClass.DataBarrier;

    /// <summary>A request that writes data: WRITE or a WRITE_BARRIER with segments (what barriers order).</summary>
    public static bool IsDataWrite(OpClass op) => op is OpClass.Write or OpClass.DataBarrier;

    /// <summary>
    /// A request whose <c>nr_sectors</c> counts toward throughput: everything but DISCARD (a length,
    /// not data moved) and unknown ops (whose fields mean nothing). Flushes count the data they carry.
    /// </summary>
    public static bool MovesData(OpClass op) => op is not (OpClass.Discard or OpClass.Other);
}
