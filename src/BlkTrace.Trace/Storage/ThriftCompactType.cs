namespace BlkTrace.Trace.Storage;

/// <summary>
/// The field type codes of Thrift's compact protocol, shared by the footer/page-header writer
/// (<see cref="Format.ThriftCompactWriter"/>) and the page-header reader
/// (<see cref="Columnar.ThriftCompactReader"/>), so both speak the same numbers.
/// </summary>
internal static class ThriftCompactType
{
    public const byte Stop = 0;
    public const byte BoolTrue = 1;
    public const byte BoolFalse = 2;
    public const byte Byte = 3;
    public const byte I16 = 4;
    public const byte I32 = 5;
    public const byte I64 = 6;
    public const byte Double = 7;
    public const byte Binary = 8;
    public const byte List = 9;
    public const byte Set = 10;
    public const byte Map = 11;
    public const byte Struct = 12;
}
