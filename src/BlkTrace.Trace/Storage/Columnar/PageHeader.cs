namespace BlkTrace.Trace.Storage.Columnar;

/// <summary>The fields of a Parquet <c>PageHeader</c> the column reader uses (parquet.thrift).</summary>
internal struct PageHeader
{
    public int Type;
    public int UncompressedSize;
    public int CompressedSize;
    public int NumValues;
    public int Encoding;
    public int DefinitionLevelEncoding;
    public int NumNulls;
    public int DefinitionLevelsLength;
    public int RepetitionLevelsLength;
    public bool IsCompressed;

    /// <summary>Parses a header at the start of <paramref name="data"/>; <paramref name="length"/> is its size in bytes.</summary>
    public static PageHeader Parse(ReadOnlySpan<byte> data, out int length)
    {
        var r = new ThriftCompactReader(data);
        var h = new PageHeader { Type = -1, IsCompressed = true, DefinitionLevelEncoding = 3 };
        short last = 0;
        while (r.NextField(ref last, out short id, out byte type))
        {
            switch (id)
            {
                case 1 when type == ThriftCompactType.I32:
                    h.Type = r.ReadI32();
                    break;
                case 2 when type == ThriftCompactType.I32:
                    h.UncompressedSize = r.ReadI32();
                    break;
                case 3 when type == ThriftCompactType.I32:
                    h.CompressedSize = r.ReadI32();
                    break;
                case 5 when type == ThriftCompactType.Struct:
                    ParseDataPage(ref r, ref h);
                    break;
                case 7 when type == ThriftCompactType.Struct:
                    // DictionaryPageHeader's num_values (1) and encoding (2) are DataPageHeader's
                    // fields; its 3 is the bool is_sorted, which the I32 guard skips.
                    ParseDataPage(ref r, ref h);
                    break;
                case 8 when type == ThriftCompactType.Struct:
                    ParseDataPageV2(ref r, ref h);
                    break;
                default:
                    r.Skip(type);
                    break;
            }
        }

        if (h.Type < 0 || h.CompressedSize < 0 || h.UncompressedSize < 0 || h.NumValues < 0 ||
            h.DefinitionLevelsLength < 0 || h.RepetitionLevelsLength < 0 || h.NumNulls < 0)
        {
            throw new InvalidDataException("corrupt page header (missing type or negative size)");
        }

        length = r.Position;
        return h;
    }

    private static void ParseDataPage(ref ThriftCompactReader r, ref PageHeader h)
    {
        short last = 0;
        while (r.NextField(ref last, out short id, out byte type))
        {
            switch (id)
            {
                case 1 when type == ThriftCompactType.I32:
                    h.NumValues = r.ReadI32();
                    break;
                case 2 when type == ThriftCompactType.I32:
                    h.Encoding = r.ReadI32();
                    break;
                case 3 when type == ThriftCompactType.I32:
                    h.DefinitionLevelEncoding = r.ReadI32();
                    break;
                default:
                    r.Skip(type);
                    break;
            }
        }
    }

    private static void ParseDataPageV2(ref ThriftCompactReader r, ref PageHeader h)
    {
        short last = 0;
        while (r.NextField(ref last, out short id, out byte type))
        {
            switch (id)
            {
                case 1 when type == ThriftCompactType.I32:
                    h.NumValues = r.ReadI32();
                    break;
                case 2 when type == ThriftCompactType.I32:
                    h.NumNulls = r.ReadI32();
                    break;
                case 4 when type == ThriftCompactType.I32:
                    h.Encoding = r.ReadI32();
                    break;
                case 5 when type == ThriftCompactType.I32:
                    h.DefinitionLevelsLength = r.ReadI32();
                    break;
                case 6 when type == ThriftCompactType.I32:
                    h.RepetitionLevelsLength = r.ReadI32();
                    break;
                case 7 when type is ThriftCompactType.BoolTrue or ThriftCompactType.BoolFalse:
                    h.IsCompressed = type == ThriftCompactType.BoolTrue;
                    break;
                default:
                    r.Skip(type);
                    break;
            }
        }
    }
}
