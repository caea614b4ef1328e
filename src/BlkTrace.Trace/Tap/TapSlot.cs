using System.Runtime.InteropServices;

namespace BlkTrace.Trace.Tap;

/// <summary>
/// One 64-byte (one cache line) slot of the tap buffer. An event takes a head slot and, when its
/// payload (data hash, then seg_layout bytes) exceeds the 12 inline bytes, continuation slots whose
/// bytes 4..63 carry 60 more each. A continuation never touches bytes 0..3: the stamp there must keep
/// the value of the last head written to that slot, or stale payload could look like a publication.
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = Size)]
internal struct TapSlot
{
    public const int Size = 64;
    public const int InlinePayloadOffset = 52;
    public const int InlinePayload = Size - InlinePayloadOffset;
    public const int ContinuationPayloadOffset = 4;
    public const int ContinuationPayload = Size - ContinuationPayloadOffset;

    public const byte HasIndirectOp = 1;
    public const byte HasLayout = 2;
    public const byte HasStatus = 4;
    public const byte HasHash = 8;

    /// <summary>(int)(position + 1) once the head at that position is published; written last, with release semantics.</summary>
    [FieldOffset(0)]
    public int Stamp;

    [FieldOffset(4)]
    public byte Kind;

    [FieldOffset(5)]
    public byte Op;

    [FieldOffset(6)]
    public byte IndirectOp;

    [FieldOffset(7)]
    public byte Flags;

    /// <summary>Raw <see cref="System.Diagnostics.Stopwatch"/> ticks; the writer thread converts to ns since capture start.</summary>
    [FieldOffset(8)]
    public long Timestamp;

    [FieldOffset(16)]
    public ulong Id;

    [FieldOffset(24)]
    public ulong Sector;

    [FieldOffset(32)]
    public uint RingIndex;

    [FieldOffset(36)]
    public int NrSectors;

    [FieldOffset(40)]
    public short Queue;

    [FieldOffset(42)]
    public ushort NrSegments;

    [FieldOffset(44)]
    public ushort Handle;

    [FieldOffset(46)]
    public short Status;

    /// <summary>Payload bytes: 8 for the hash when <see cref="HasHash"/>, then the layout.</summary>
    [FieldOffset(48)]
    public ushort PayloadBytes;

    /// <summary>Continuation slots that follow this head.</summary>
    [FieldOffset(50)]
    public ushort ExtraSlots;

    /// <summary>Continuation slots needed for a payload of <paramref name="payloadBytes"/>.</summary>
    public static int ExtraSlotsFor(int payloadBytes) =>
        payloadBytes <= InlinePayload ? 0 : (payloadBytes - InlinePayload + ContinuationPayload - 1) / ContinuationPayload;
}
