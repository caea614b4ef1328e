namespace BlkTrace.Trace.Storage.Format;

/// <summary>What the footer says about one column chunk (one data page) of a row group.</summary>
internal struct ColumnChunkInfo
{
    public int Encoding;
    public int Codec;
    public long NumValues;
    public long NullCount;
    public long UncompressedSize;
    public long CompressedSize;
    /// <summary>The chunk's first page (the dictionary page if there is one).</summary>
    public long Offset;
    public long DataOffset;
    public bool HasDictionary;
    public bool HasMinMax;
    public long Min;
    public long Max;
}
