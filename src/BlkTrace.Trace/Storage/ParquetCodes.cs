namespace BlkTrace.Trace.Storage;

/// <summary>The numeric codes of parquet.thrift that the segment encoder writes and the column reader reads.</summary>
internal static class ParquetCodes
{
    public const int TypeInt32 = 1;
    public const int TypeInt64 = 2;
    public const int TypeByteArray = 6;

    public const int Required = 0;
    public const int Optional = 1;

    public const int EncodingPlain = 0;
    public const int EncodingPlainDictionary = 2;
    public const int EncodingRle = 3;
    public const int EncodingDeltaBinaryPacked = 5;
    public const int EncodingRleDictionary = 8;

    public const int CodecUncompressed = 0;
    public const int CodecSnappy = 1;
    public const int CodecZstd = 6;

    public const int PageData = 0;
    public const int PageDictionary = 2;
    public const int PageDataV2 = 3;

    public const int ConvertedUInt64 = 14;
    public const int ConvertedInt8 = 15;
    public const int ConvertedInt16 = 16;
    public const int ConvertedInt32 = 17;
    public const int ConvertedInt64 = 18;
}
