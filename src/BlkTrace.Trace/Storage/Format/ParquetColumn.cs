namespace BlkTrace.Trace.Storage.Format;

/// <summary>
/// One schema v1 column as Parquet spells it: physical type, converted and logical type, repetition.
/// Must match what <see cref="ParquetLayout"/> reads (the frozen-schema test pins both).
/// </summary>
internal sealed record ParquetColumn(string Name, int Physical, int? Converted, int BitWidth, bool Signed, bool Nullable)
{
    /// <summary>Schema v1 in file order.</summary>
    public static readonly ParquetColumn[] V1 = [.. TraceSchema.Columns.Select(From)];

    private static ParquetColumn From(TraceColumn c) => c.Type switch
    {
        TraceColumnType.Int8 => new(c.Name, ParquetCodes.TypeInt32, ParquetCodes.ConvertedInt8, 8, true, c.Nullable),
        TraceColumnType.Int16 => new(c.Name, ParquetCodes.TypeInt32, ParquetCodes.ConvertedInt16, 16, true, c.Nullable),
        TraceColumnType.Int32 => new(c.Name, ParquetCodes.TypeInt32, ParquetCodes.ConvertedInt32, 32, true, c.Nullable),
        TraceColumnType.Int64 => new(c.Name, ParquetCodes.TypeInt64, ParquetCodes.ConvertedInt64, 64, true, c.Nullable),
        TraceColumnType.UInt64 => new(c.Name, ParquetCodes.TypeInt64, ParquetCodes.ConvertedUInt64, 64, false, c.Nullable),
        TraceColumnType.Binary => new(c.Name, ParquetCodes.TypeByteArray, null, 0, false, c.Nullable),
        _ => throw new InvalidOperationException($"column '{c.Name}': type {c.Type} has no Parquet encoding here"),
    };
}
