using System.Buffers.Binary;
using System.Text;

namespace BlkTrace.Interop.Blktrace;

/// <summary>Writes one per-CPU blktrace v7 file (little-endian), numbering its events from 1.</summary>
internal sealed class BlktraceFileWriter : IDisposable
{
    private readonly FileStream _stream;
    private readonly byte[] _buffer = new byte[1 << 20];
    private readonly uint _cpu;
    private readonly uint _device;
    private readonly uint _pid;
    private int _used;
    private uint _sequence;

    public BlktraceFileWriter(string path, uint cpu, uint device, uint pid)
    {
        Path = path;
        _stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read, 1);
        _cpu = cpu;
        _device = device;
        _pid = pid;
    }

    public string Path { get; }

    /// <summary>A process-name notify record (sequence 0, time 0), as blktrace writes before a process's first event.</summary>
    public void WriteProcessName(string name)
    {
        byte[] comm = new byte[Math.Min(Encoding.UTF8.GetByteCount(name), 15) + 1];
        Encoding.UTF8.GetBytes(name.AsSpan(0, Math.Min(name.Length, 15)), comm);
        Put(0, 0, 0, 0, (uint)BlktraceCategory.Notify, 0, comm);
    }

    /// <summary>An event record.</summary>
    public void Write(BlktraceAction action, BlktraceCategory categories, ulong time, ulong sector, uint bytes, ushort error) =>
        Put(++_sequence, time, sector, bytes, (uint)categories | (uint)action, error, []);

    public void Dispose()
    {
        try
        {
            Flush();
        }
        finally
        {
            _stream.Dispose();
        }
    }

    private void Put(uint sequence, ulong time, ulong sector, uint bytes, uint action, ushort error, ReadOnlySpan<byte> pdu)
    {
        if (_used + BlktraceRecord.Size + pdu.Length > _buffer.Length)
        {
            Flush();
        }

        var s = _buffer.AsSpan(_used, BlktraceRecord.Size);
        BinaryPrimitives.WriteUInt32LittleEndian(s, BlktraceRecord.Magic | BlktraceRecord.Version);
        BinaryPrimitives.WriteUInt32LittleEndian(s[4..], sequence);
        BinaryPrimitives.WriteUInt64LittleEndian(s[8..], time);
        BinaryPrimitives.WriteUInt64LittleEndian(s[16..], sector);
        BinaryPrimitives.WriteUInt32LittleEndian(s[24..], bytes);
        BinaryPrimitives.WriteUInt32LittleEndian(s[28..], action);
        BinaryPrimitives.WriteUInt32LittleEndian(s[32..], _pid);
        BinaryPrimitives.WriteUInt32LittleEndian(s[36..], _device);
        BinaryPrimitives.WriteUInt32LittleEndian(s[40..], _cpu);
        BinaryPrimitives.WriteUInt16LittleEndian(s[44..], error);
        BinaryPrimitives.WriteUInt16LittleEndian(s[46..], (ushort)pdu.Length);
        pdu.CopyTo(_buffer.AsSpan(_used + BlktraceRecord.Size));
        _used += BlktraceRecord.Size + pdu.Length;
    }

    private void Flush()
    {
        _stream.Write(_buffer, 0, _used);
        _used = 0;
    }
}
