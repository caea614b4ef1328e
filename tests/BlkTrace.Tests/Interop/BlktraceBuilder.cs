using System.Buffers.Binary;
using BlkTrace.Interop.Blktrace;

namespace BlkTrace.Tests.Interop;

/// <summary>Builds blktrace v7 files record by record, in either byte order, for hand-made cases.</summary>
public sealed class BlktraceBuilder
{
    private readonly List<byte> _bytes = [];
    private readonly bool _bigEndian;
    private uint _sequence;

    public BlktraceBuilder(bool bigEndian = false, uint device = (202u << 20), uint cpu = 0)
    {
        _bigEndian = bigEndian;
        Device = device;
        Cpu = cpu;
    }

    public uint Device { get; set; }

    public uint Cpu { get; set; }

    public byte Version { get; set; } = 7;

    public BlktraceBuilder Event(BlktraceAction action, BlktraceCategory categories, ulong time, ulong sector, uint bytes, ushort error = 0, byte[]? pdu = null)
    {
        var actionCategory = action switch
        {
            BlktraceAction.Queue or BlktraceAction.GetRequest or BlktraceAction.Insert or BlktraceAction.BackMerge or BlktraceAction.FrontMerge => BlktraceCategory.Queue,
            BlktraceAction.Issue => BlktraceCategory.Issue,
            BlktraceAction.Complete => BlktraceCategory.Complete,
            BlktraceAction.Requeue => BlktraceCategory.Requeue,
            _ => BlktraceCategory.None,
        };
        return Raw(++_sequence, time, sector, bytes, (uint)action | (uint)actionCategory | (uint)categories, error, pdu ?? []);
    }

    public BlktraceBuilder Q(ulong time, BlktraceCategory c, ulong sector, uint bytes) => Event(BlktraceAction.Queue, c, time, sector, bytes);

    public BlktraceBuilder D(ulong time, BlktraceCategory c, ulong sector, uint bytes) => Event(BlktraceAction.Issue, c, time, sector, bytes);

    public BlktraceBuilder C(ulong time, BlktraceCategory c, ulong sector, uint bytes, ushort error = 0) => Event(BlktraceAction.Complete, c, time, sector, bytes, error);

    public BlktraceBuilder ProcessName(string name) =>
        Raw(0, 0, 0, 0, (uint)BlktraceCategory.Notify, 0, [.. System.Text.Encoding.ASCII.GetBytes(name), 0]);

    public BlktraceBuilder Raw(uint sequence, ulong time, ulong sector, uint bytes, uint action, ushort error, byte[] pdu, ushort? pduLength = null)
    {
        var r = new byte[48];
        var s = r.AsSpan();
        U32(s, 0x65617400u | Version);
        U32(s[4..], sequence);
        U64(s[8..], time);
        U64(s[16..], sector);
        U32(s[24..], bytes);
        U32(s[28..], action);
        U32(s[32..], 42);
        U32(s[36..], Device);
        U32(s[40..], Cpu);
        U16(s[44..], error);
        U16(s[46..], pduLength ?? (ushort)pdu.Length);
        _bytes.AddRange(r);
        _bytes.AddRange(pdu);
        return this;
    }

    public byte[] ToArray() => [.. _bytes];

    public string Write(string path)
    {
        File.WriteAllBytes(path, ToArray());
        return path;
    }

    private void U16(Span<byte> s, ushort v)
    {
        if (_bigEndian)
        {
            BinaryPrimitives.WriteUInt16BigEndian(s, v);
        }
        else
        {
            BinaryPrimitives.WriteUInt16LittleEndian(s, v);
        }
    }

    private void U32(Span<byte> s, uint v)
    {
        if (_bigEndian)
        {
            BinaryPrimitives.WriteUInt32BigEndian(s, v);
        }
        else
        {
            BinaryPrimitives.WriteUInt32LittleEndian(s, v);
        }
    }

    private void U64(Span<byte> s, ulong v)
    {
        if (_bigEndian)
        {
            BinaryPrimitives.WriteUInt64BigEndian(s, v);
        }
        else
        {
            BinaryPrimitives.WriteUInt64LittleEndian(s, v);
        }
    }
}
