using System.Runtime.CompilerServices;
using BlkTrace.Protocol.Blkif;
using BlkTrace.Protocol.Transport;

namespace BlkTrace.Protocol.Ring;

/// <summary>
/// The shared ring page(s) exactly as <c>DEFINE_RING_TYPES(blkif, ...)</c> lays them out: a 64-byte
/// header (<c>req_prod</c>, <c>req_event</c>, <c>rsp_prod</c>, <c>rsp_event</c>, private bytes, padding) followed by
/// <see cref="Size"/> slots of the ABI's request/response union. The memory belongs to whoever
/// mapped it; this type only reads and writes it.
/// </summary>
public sealed unsafe class SharedRing
{
    private const int ReqProdOffset = 0;
    private const int ReqEventOffset = 4;
    private const int RspProdOffset = 8;
    private const int RspEventOffset = 12;

    private readonly byte* _base;
    private readonly byte* _slots;
    private readonly uint _mask;

    /// <summary>Views <c>2^order</c> pages at the start of <paramref name="region"/> as a ring of <paramref name="abi"/>.</summary>
    public SharedRing(MemoryRegion region, int pageOrder, BlkifAbi abi)
    {
        Size = RingMath.RingSize(pageOrder, abi);
        if (region.Length < RingMath.RingBytes(pageOrder))
        {
            ThrowHelper.ThrowArgument(nameof(region), $"a ring of order {pageOrder} needs {RingMath.RingBytes(pageOrder)} bytes, the region has {region.Length}");
        }

        Region = region;
        PageOrder = pageOrder;
        Abi = abi;
        SlotSize = BlkifAbiInfo.SlotSize(abi);
        _base = (byte*)region.Address;
        _slots = _base + RingMath.HeaderSize;
        _mask = (uint)Size - 1;
    }

    /// <summary><c>RING_SIZE</c>: slots in the ring, a power of two.</summary>
    public int Size { get; }

    /// <summary><c>ring-page-order</c>.</summary>
    public int PageOrder { get; }

    /// <summary>The request/response layout.</summary>
    public BlkifAbi Abi { get; }

    /// <summary>Bytes per slot (112 or 108).</summary>
    public int SlotSize { get; }

    /// <summary>The memory the ring lives in.</summary>
    public MemoryRegion Region { get; }

    /// <summary><c>sring-&gt;req_prod</c>, read with acquire semantics (the <c>rmb()</c> before reading slots).</summary>
    public uint ReqProd
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => Volatile.Read(ref *(uint*)(_base + ReqProdOffset));

        // A release store: slot writes cannot move after it (the wmb() before publishing prod).
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        set => Volatile.Write(ref *(uint*)(_base + ReqProdOffset), value);
    }

    /// <summary><c>sring-&gt;req_event</c>: the backend wants a notification when <c>req_prod</c> passes it.</summary>
    public uint ReqEvent
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => Volatile.Read(ref *(uint*)(_base + ReqEventOffset));
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        set => Volatile.Write(ref *(uint*)(_base + ReqEventOffset), value);
    }

    /// <summary><c>sring-&gt;rsp_prod</c>.</summary>
    public uint RspProd
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => Volatile.Read(ref *(uint*)(_base + RspProdOffset));
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        set => Volatile.Write(ref *(uint*)(_base + RspProdOffset), value);
    }

    /// <summary><c>sring-&gt;rsp_event</c>: the frontend wants a notification when <c>rsp_prod</c> passes it.</summary>
    public uint RspEvent
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => Volatile.Read(ref *(uint*)(_base + RspEventOffset));
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        set => Volatile.Write(ref *(uint*)(_base + RspEventOffset), value);
    }

    /// <summary>The 64 header bytes.</summary>
    public Span<byte> Header => new(_base, RingMath.HeaderSize);

    /// <summary>The slot that ring index <paramref name="index"/> maps to (<c>index &amp; (RING_SIZE-1)</c>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Span<byte> Slot(uint index) => new(_slots + ((index & _mask) * (uint)SlotSize), SlotSize);

    /// <summary>
    /// <c>SHARED_RING_INIT</c>: producers 0, event indices 1, private bytes and padding zeroed. Only
    /// the frontend does this; slots are left as they are.
    /// </summary>
    public void Initialize()
    {
        Header.Clear();
        ReqEvent = 1;
        RspEvent = 1;
    }

    /// <summary>
    /// Checks a header found in memory the peer prepared. Returns null when it is usable, else what
    /// is wrong with it: a backend must not trust indices that claim more than a ring of requests.
    /// </summary>
    public string? DescribeHeaderProblem()
    {
        uint reqProd = ReqProd;
        uint rspProd = RspProd;
        if (unchecked(reqProd - rspProd) > (uint)Size)
        {
            return $"req_prod {reqProd} is more than RING_SIZE {Size} ahead of rsp_prod {rspProd}";
        }

        return null;
    }
}
