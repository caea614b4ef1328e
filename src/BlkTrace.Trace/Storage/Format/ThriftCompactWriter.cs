using System.Text;

namespace BlkTrace.Trace.Storage.Format;

/// <summary>
/// The subset of Thrift's compact protocol that Parquet's page headers and footer need: fields of
/// i8/i16/i32/i64/bool/binary, nested structs, and lists. Field ids are written as deltas from the
/// previous field of the same struct, so a struct's fields must be written in ascending id order.
/// </summary>
internal sealed class ThriftCompactWriter
{
    private readonly short[] _stack = new short[16];
    private int _depth;
    private short _last;

    public ThriftCompactWriter(ByteSink sink) => Sink = sink;

    public ByteSink Sink { get; }

    /// <summary>Starts a top-level struct (a page header, the footer).</summary>
    public void Begin()
    {
        _depth = 0;
        _last = 0;
    }

    public void I8(short id, sbyte value)
    {
        Header(id, ThriftCompactType.Byte);
        Sink.WriteByte((byte)value);
    }

    public void I16(short id, short value)
    {
        Header(id, ThriftCompactType.I16);
        Sink.WriteZigZag(value);
    }

    public void I32(short id, int value)
    {
        Header(id, ThriftCompactType.I32);
        Sink.WriteZigZag(value);
    }

    public void I64(short id, long value)
    {
        Header(id, ThriftCompactType.I64);
        Sink.WriteZigZag(value);
    }

    public void Bool(short id, bool value) => Header(id, value ? ThriftCompactType.BoolTrue : ThriftCompactType.BoolFalse);

    public void Binary(short id, ReadOnlySpan<byte> value)
    {
        Header(id, ThriftCompactType.Binary);
        BinaryValue(value);
    }

    public void String(short id, string value)
    {
        Header(id, ThriftCompactType.Binary);
        StringValue(value);
    }

    /// <summary>A list element of type binary/string.</summary>
    public void StringValue(string value)
    {
        int count = Encoding.UTF8.GetByteCount(value);
        Sink.WriteVarint((ulong)count);
        Encoding.UTF8.GetBytes(value, Sink.Reserve(count));
    }

    public void BinaryValue(ReadOnlySpan<byte> value)
    {
        Sink.WriteVarint((ulong)value.Length);
        Sink.Write(value);
    }

    /// <summary>A list element of type i32.</summary>
    public void I32Value(int value) => Sink.WriteZigZag(value);

    /// <summary>Opens a struct-typed field; close it with <see cref="EndStruct"/>.</summary>
    public void BeginStruct(short id)
    {
        Header(id, ThriftCompactType.Struct);
        Push();
    }

    /// <summary>Opens a struct that is a list element; close it with <see cref="EndStruct"/>.</summary>
    public void BeginStructValue() => Push();

    /// <summary>Closes the innermost struct (or, at the top level, the whole message).</summary>
    public void EndStruct()
    {
        Sink.WriteByte(0);
        if (_depth > 0)
        {
            _last = _stack[--_depth];
        }
    }

    /// <summary>A list-typed field; its <paramref name="count"/> elements follow.</summary>
    public void List(short id, byte elementType, int count)
    {
        Header(id, ThriftCompactType.List);
        if (count < 15)
        {
            Sink.WriteByte((byte)((count << 4) | elementType));
        }
        else
        {
            Sink.WriteByte((byte)(0xF0 | elementType));
            Sink.WriteVarint((ulong)count);
        }
    }

    private void Push()
    {
        _stack[_depth++] = _last;
        _last = 0;
    }

    private void Header(short id, byte type)
    {
        int delta = id - _last;
        if (delta is > 0 and <= 15)
        {
            Sink.WriteByte((byte)((delta << 4) | type));
        }
        else
        {
            Sink.WriteByte(type);
            Sink.WriteZigZag(id);
        }

        _last = id;
    }
}
