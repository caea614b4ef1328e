namespace BlkTrace.Trace.Storage.Columnar;

/// <summary>
/// Just enough of the Thrift compact protocol to read Parquet page headers: varints, zigzag
/// integers, field headers, and skipping anything we do not need (statistics, CRCs, future fields).
/// </summary>
/// <remarks>
/// Every read is bounds-checked against the span; a malformed header is an
/// <see cref="InvalidDataException"/>, never an index exception or an endless loop (nesting is capped).
/// </remarks>
internal ref struct ThriftCompactReader
{

    private const int MaxDepth = 32;

    private readonly ReadOnlySpan<byte> _data;

    public ThriftCompactReader(ReadOnlySpan<byte> data)
    {
        _data = data;
        Position = 0;
    }

    /// <summary>Bytes consumed so far.</summary>
    public int Position { get; private set; }

    /// <summary>Reads a field header; returns false at the struct's stop byte.</summary>
    public bool NextField(ref short lastId, out short id, out byte type)
    {
        byte b = ReadByte();
        type = (byte)(b & 0x0F);
        if (type == ThriftCompactType.Stop)
        {
            id = 0;
            return false;
        }

        int delta = b >> 4;
        id = delta != 0 ? (short)(lastId + delta) : (short)ZigZag(ReadVarint());
        lastId = id;
        return true;
    }

    public int ReadI32() => (int)ZigZag(ReadVarint());

    public long ReadI64() => ZigZag(ReadVarint());

    public byte ReadByte()
    {
        if (Position >= _data.Length)
        {
            throw new InvalidDataException("page header runs past the end of its column chunk");
        }

        return _data[Position++];
    }

    public ulong ReadVarint()
    {
        ulong value = 0;
        for (int shift = 0; shift < 70; shift += 7)
        {
            byte b = ReadByte();
            value |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return value;
            }
        }

        throw new InvalidDataException("page header holds a varint longer than 10 bytes");
    }

    /// <summary>Skips one value of compact type <paramref name="type"/>.</summary>
    public void Skip(byte type, int depth = 0)
    {
        if (depth > MaxDepth)
        {
            throw new InvalidDataException("page header nests deeper than 32 levels");
        }

        switch (type)
        {
            case ThriftCompactType.BoolTrue:
            case ThriftCompactType.BoolFalse:
                break;
            case ThriftCompactType.Byte:
                ReadByte();
                break;
            case ThriftCompactType.I16:
            case ThriftCompactType.I32:
            case ThriftCompactType.I64:
                ReadVarint();
                break;
            case ThriftCompactType.Double:
                Advance(8);
                break;
            case ThriftCompactType.Binary:
                Advance(checked((int)Math.Min(ReadVarint(), int.MaxValue)));
                break;
            case ThriftCompactType.List:
            case ThriftCompactType.Set:
                {
                    byte h = ReadByte();
                    long size = h >> 4;
                    if (size == 15)
                    {
                        size = (long)Math.Min(ReadVarint(), int.MaxValue);
                    }

                    byte elem = (byte)(h & 0x0F);
                    for (long i = 0; i < size; i++)
                    {
                        // Booleans in a list take one byte each.
                        if (elem is ThriftCompactType.BoolTrue or ThriftCompactType.BoolFalse)
                        {
                            ReadByte();
                        }
                        else
                        {
                            Skip(elem, depth + 1);
                        }
                    }

                    break;
                }

            case ThriftCompactType.Map:
                {
                    long size = (long)Math.Min(ReadVarint(), int.MaxValue);
                    if (size > 0)
                    {
                        byte kv = ReadByte();
                        for (long i = 0; i < size; i++)
                        {
                            Skip((byte)(kv >> 4), depth + 1);
                            Skip((byte)(kv & 0x0F), depth + 1);
                        }
                    }

                    break;
                }

            case ThriftCompactType.Struct:
                {
                    short last = 0;
                    while (NextField(ref last, out _, out byte t))
                    {
                        Skip(t, depth + 1);
                    }

                    break;
                }

            default:
                throw new InvalidDataException($"page header holds unknown Thrift type {type}");
        }
    }

    private void Advance(int count)
    {
        if (count < 0 || count > _data.Length - Position)
        {
            throw new InvalidDataException("page header runs past the end of its column chunk");
        }

        Position += count;
    }

    private static long ZigZag(ulong v) => (long)(v >> 1) ^ -(long)(v & 1);
}
