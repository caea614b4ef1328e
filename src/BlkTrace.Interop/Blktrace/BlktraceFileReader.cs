using System.Buffers.Binary;
using System.Globalization;

namespace BlkTrace.Interop.Blktrace;

/// <summary>
/// Streams the records of one blktrace file (one CPU's), decoding either byte order, skipping PDUs.
/// Every loop step consumes at least one whole record, and a PDU that claims bytes past the end
/// of the file is an error, so a corrupt file ends in an <see cref="InvalidDataException"/>
/// (naming the file and the offset), never in a hang or a huge allocation.
/// </summary>
internal sealed class BlktraceFileReader : IDisposable
{
    private const int BufferSize = 1 << 20;

    private readonly FileStream _stream;
    private readonly byte[] _buffer = new byte[BufferSize];
    private readonly long _length;
    private int _pos;
    private int _end;
    private long _bufferOffset;
    private bool? _bigEndian;

    public BlktraceFileReader(string path)
    {
        Path = path;
        _stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        _length = _stream.Length;
    }

    public string Path { get; }

    /// <summary>Bytes consumed so far.</summary>
    public long Position => _bufferOffset + _pos;

    /// <summary>The file's length.</summary>
    public long Length => _length;

    /// <summary>True once the first record showed the file is big-endian.</summary>
    public bool BigEndian => _bigEndian == true;

    /// <summary>Reads the next record; false at the end of the file.</summary>
    public bool TryRead(out BlktraceRecord record)
    {
        if (_end - _pos < BlktraceRecord.Size && !Fill(BlktraceRecord.Size))
        {
            record = default;
            return false;
        }

        long offset = Position;
        var span = _buffer.AsSpan(_pos, BlktraceRecord.Size);
        uint magic = BinaryPrimitives.ReadUInt32LittleEndian(span);
        bool big = CheckMagic(magic, offset);
        record = big ? DecodeBig(span) : DecodeLittle(span);
        _pos += BlktraceRecord.Size;
        if (record.PduLength > 0)
        {
            SkipPdu(record.PduLength, offset);
        }

        return true;
    }

    public void Dispose() => _stream.Dispose();

    private static BlktraceRecord DecodeLittle(ReadOnlySpan<byte> s) => new()
    {
        Sequence = BinaryPrimitives.ReadUInt32LittleEndian(s[4..]),
        Time = BinaryPrimitives.ReadUInt64LittleEndian(s[8..]),
        Sector = BinaryPrimitives.ReadUInt64LittleEndian(s[16..]),
        Bytes = BinaryPrimitives.ReadUInt32LittleEndian(s[24..]),
        ActionWord = BinaryPrimitives.ReadUInt32LittleEndian(s[28..]),
        Pid = BinaryPrimitives.ReadUInt32LittleEndian(s[32..]),
        Device = BinaryPrimitives.ReadUInt32LittleEndian(s[36..]),
        Cpu = BinaryPrimitives.ReadUInt32LittleEndian(s[40..]),
        Error = BinaryPrimitives.ReadUInt16LittleEndian(s[44..]),
        PduLength = BinaryPrimitives.ReadUInt16LittleEndian(s[46..]),
    };

    private static BlktraceRecord DecodeBig(ReadOnlySpan<byte> s) => new()
    {
        Sequence = BinaryPrimitives.ReadUInt32BigEndian(s[4..]),
        Time = BinaryPrimitives.ReadUInt64BigEndian(s[8..]),
        Sector = BinaryPrimitives.ReadUInt64BigEndian(s[16..]),
        Bytes = BinaryPrimitives.ReadUInt32BigEndian(s[24..]),
        ActionWord = BinaryPrimitives.ReadUInt32BigEndian(s[28..]),
        Pid = BinaryPrimitives.ReadUInt32BigEndian(s[32..]),
        Device = BinaryPrimitives.ReadUInt32BigEndian(s[36..]),
        Cpu = BinaryPrimitives.ReadUInt32BigEndian(s[40..]),
        Error = BinaryPrimitives.ReadUInt16BigEndian(s[44..]),
        PduLength = BinaryPrimitives.ReadUInt16BigEndian(s[46..]),
    };

    /// <summary>Checks the magic and version; returns whether the record is big-endian.</summary>
    private bool CheckMagic(uint magicLe, long offset)
    {
        uint magicBe = BinaryPrimitives.ReverseEndianness(magicLe);
        bool little = (magicLe & 0xffffff00) == BlktraceRecord.Magic;
        bool big = !little && (magicBe & 0xffffff00) == BlktraceRecord.Magic;
        if (!little && !big)
        {
            throw new InvalidDataException(offset == 0
                ? $"{Path}: not a blktrace file (first bytes {magicLe:x8}, expected the magic 0x656174NN)"
                : $"{Path}: offset {Offset(offset)}: bad record magic 0x{magicLe:x8} (corrupt or truncated record before it)");
        }

        if (_bigEndian is { } known && known != big)
        {
            throw new InvalidDataException($"{Path}: offset {Offset(offset)}: record byte order changes mid-file (corrupt)");
        }

        _bigEndian = big;
        uint version = (big ? magicBe : magicLe) & 0xff;
        if (version == 8)
        {
            throw new InvalidDataException($"{Path}: offset {Offset(offset)}: blktrace record version 8 (64-byte records, 64-bit action) is not supported; record it with a blktrace that writes version 7");
        }

        if (version != BlktraceRecord.Version)
        {
            throw new InvalidDataException($"{Path}: offset {Offset(offset)}: blktrace record version {version} is not supported (this reader speaks version 7)");
        }

        return big;
    }

    private void SkipPdu(int pduLength, long recordOffset)
    {
        long pduEnd = Position + pduLength;
        if (pduEnd > _length)
        {
            throw new InvalidDataException($"{Path}: offset {Offset(recordOffset)}: record claims a {pduLength}-byte PDU but the file ends {_length - Position} byte(s) later (truncated or corrupt)");
        }

        if (_end - _pos >= pduLength)
        {
            _pos += pduLength;
            return;
        }

        _stream.Position = pduEnd;
        _bufferOffset = pduEnd;
        _pos = 0;
        _end = 0;
    }

    /// <summary>Makes at least <paramref name="need"/> bytes available; false at a clean end of file.</summary>
    private bool Fill(int need)
    {
        int have = _end - _pos;
        if (have > 0)
        {
            Buffer.BlockCopy(_buffer, _pos, _buffer, 0, have);
        }

        _bufferOffset += _pos;
        _pos = 0;
        _end = have;
        while (_end < need)
        {
            int n = _stream.Read(_buffer, _end, _buffer.Length - _end);
            if (n == 0)
            {
                break;
            }

            _end += n;
        }

        if (_end >= need)
        {
            return true;
        }

        if (_end == 0)
        {
            return false;
        }

        throw new InvalidDataException($"{Path}: offset {Offset(_bufferOffset)}: truncated record ({_end} of {BlktraceRecord.Size} bytes)");
    }

    private static string Offset(long offset) => offset.ToString(CultureInfo.InvariantCulture);
}
