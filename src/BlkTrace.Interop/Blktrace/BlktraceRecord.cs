namespace BlkTrace.Interop.Blktrace;

/// <summary>
/// One blktrace v7 record (<c>struct blk_io_trace</c>, 48 bytes on disk, then <c>pdu_len</c> bytes),
/// decoded to host order. The PDU is not kept.
/// </summary>
public struct BlktraceRecord
{
    /// <summary>The on-disk record size.</summary>
    public const int Size = 48;

    /// <summary><c>BLK_IO_TRACE_MAGIC</c>: the top 24 bits of <c>magic</c>.</summary>
    public const uint Magic = 0x65617400;

    /// <summary>The record version this reader and writer speak.</summary>
    public const byte Version = 7;

    /// <summary><c>sequence</c>: per-CPU event number.</summary>
    public uint Sequence;

    /// <summary><c>time</c>: ns, monotonic clock.</summary>
    public ulong Time;

    /// <summary><c>sector</c>: 512-byte units.</summary>
    public ulong Sector;

    /// <summary><c>bytes</c>.</summary>
    public uint Bytes;

    /// <summary><c>action</c>: low 16 bits the action code, high 16 bits the categories.</summary>
    public uint ActionWord;

    /// <summary><c>pid</c>.</summary>
    public uint Pid;

    /// <summary><c>device</c>: <c>major &lt;&lt; 20 | minor</c>.</summary>
    public uint Device;

    /// <summary><c>cpu</c>.</summary>
    public uint Cpu;

    /// <summary><c>error</c>: completion errno (the kernel stores it negated, in 16 bits).</summary>
    public ushort Error;

    /// <summary><c>pdu_len</c>.</summary>
    public ushort PduLength;

    /// <summary>The action code.</summary>
    public readonly BlktraceAction Action => (BlktraceAction)(ActionWord & 0xffff);

    /// <summary>The category bits.</summary>
    public readonly BlktraceCategory Categories => (BlktraceCategory)(ActionWord & 0xffff0000);

    /// <summary>The device as blkparse prints it, <c>major,minor</c>.</summary>
    public static string DeviceName(uint device) => $"{device >> 20},{device & 0xfffff}";

    /// <summary>Packs a major and minor number the way blktrace does.</summary>
    public static uint MakeDevice(uint major, uint minor) => (major << 20) | (minor & 0xfffff);
}
