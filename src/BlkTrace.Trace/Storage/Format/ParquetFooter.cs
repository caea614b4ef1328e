namespace BlkTrace.Trace.Storage.Format;

/// <summary>
/// Writes FileMetaData (Thrift compact): schema, row groups with their column chunks and min/max
/// statistics, key/value metadata, and TYPE_DEFINED_ORDER for every column so that readers compare
/// the statistics of <c>id</c> (UINT_64) unsigned and those of the int8/int16 columns signed.
/// </summary>
internal static class ParquetFooter
{
    public static void Write(
        ThriftCompactWriter w,
        IReadOnlyList<ColumnChunkInfo[]> rowGroups,
        IReadOnlyList<int> rowGroupRows,
        IReadOnlyDictionary<string, string> keyValues,
        string createdBy)
    {
        var columns = ParquetColumn.V1;
        long rows = 0;
        foreach (int r in rowGroupRows)
        {
            rows += r;
        }

        w.Begin();
        w.I32(1, 1);
        w.List(2, ThriftCompactType.Struct, columns.Length + 1);
        w.BeginStructValue();
        w.String(4, "schema");
        w.I32(5, columns.Length);
        w.EndStruct();
        foreach (var c in columns)
        {
            w.BeginStructValue();
            w.I32(1, c.Physical);
            w.I32(3, c.Nullable ? ParquetCodes.Optional : ParquetCodes.Required);
            w.String(4, c.Name);
            if (c.Converted is { } converted)
            {
                w.I32(6, converted);
                w.BeginStruct(10);
                w.BeginStruct(10);
                w.I8(1, (sbyte)c.BitWidth);
                w.Bool(2, c.Signed);
                w.EndStruct();
                w.EndStruct();
            }

            w.EndStruct();
        }

        w.I64(3, rows);
        w.List(4, ThriftCompactType.Struct, rowGroups.Count);
        for (int g = 0; g < rowGroups.Count; g++)
        {
            RowGroup(w, rowGroups[g], rowGroupRows[g], g);
        }

        w.List(5, ThriftCompactType.Struct, keyValues.Count);
        foreach (var (key, value) in keyValues.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            w.BeginStructValue();
            w.String(1, key);
            w.String(2, value);
            w.EndStruct();
        }

        w.String(6, createdBy);
        w.List(7, ThriftCompactType.Struct, columns.Length);
        for (int i = 0; i < columns.Length; i++)
        {
            w.BeginStructValue();
            w.BeginStruct(1);
            w.EndStruct();
            w.EndStruct();
        }

        w.EndStruct();
    }

    private static void RowGroup(ThriftCompactWriter w, ColumnChunkInfo[] chunks, int rows, int ordinal)
    {
        var columns = ParquetColumn.V1;
        long uncompressed = 0;
        long compressed = 0;
        foreach (var ch in chunks)
        {
            uncompressed += ch.UncompressedSize;
            compressed += ch.CompressedSize;
        }

        w.BeginStructValue();
        w.List(1, ThriftCompactType.Struct, chunks.Length);
        Span<byte> stat = stackalloc byte[8];
        for (int i = 0; i < chunks.Length; i++)
        {
            var ch = chunks[i];
            var c = columns[i];
            w.BeginStructValue();
            w.I64(2, ch.Offset);
            w.BeginStruct(3);
            w.I32(1, c.Physical);
            w.List(2, ThriftCompactType.I32, (c.Nullable ? 2 : 1) + (ch.HasDictionary ? 1 : 0));
            if (ch.HasDictionary)
            {
                w.I32Value(ParquetCodes.EncodingPlain);
            }

            w.I32Value(ch.Encoding);
            if (c.Nullable)
            {
                w.I32Value(ParquetCodes.EncodingRle);
            }

            w.List(3, ThriftCompactType.Binary, 1);
            w.StringValue(c.Name);
            w.I32(4, ch.Codec);
            w.I64(5, ch.NumValues);
            w.I64(6, ch.UncompressedSize);
            w.I64(7, ch.CompressedSize);
            w.I64(9, ch.DataOffset);
            if (ch.HasDictionary)
            {
                w.I64(11, ch.Offset);
            }

            w.BeginStruct(12);
            w.I64(3, ch.NullCount);
            if (ch.HasMinMax)
            {
                int size = c.Physical == ParquetCodes.TypeInt32 ? 4 : 8;
                System.Buffers.Binary.BinaryPrimitives.WriteInt64LittleEndian(stat, ch.Max);
                w.Binary(5, stat[..size]);
                System.Buffers.Binary.BinaryPrimitives.WriteInt64LittleEndian(stat, ch.Min);
                w.Binary(6, stat[..size]);
            }

            w.EndStruct();
            w.EndStruct();
            w.EndStruct();
        }

        w.I64(2, uncompressed);
        w.I64(3, rows);
        w.I64(5, chunks.Length > 0 ? chunks[0].Offset : 0);
        w.I64(6, compressed);
        w.I16(7, (short)ordinal);
        w.EndStruct();
    }
}
