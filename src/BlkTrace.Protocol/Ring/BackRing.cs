using System.Runtime.CompilerServices;
using BlkTrace.Protocol.Blkif;

namespace BlkTrace.Protocol.Ring;

/// <summary>
/// The backend's private view of a shared ring (<c>struct blkif_back_ring</c>): it consumes requests
/// and produces responses. Every request is copied out of its slot once into a private value,
/// so a frontend that rewrites a slot while we read it cannot make us see two versions.
/// Not thread-safe: one backend thread drives one ring.
/// </summary>
public sealed class BackRing
{
    private readonly SharedRing _shared;
    private uint _reqCons;
    private uint _rspProdPvt;

    /// <summary>
    /// <c>BACK_RING_ATTACH</c> at the ring's current <c>rsp_prod</c>, as Linux blkback does. Check
    /// <see cref="SharedRing.DescribeHeaderProblem"/> first.
    /// </summary>
    public BackRing(SharedRing shared)
    {
        ArgumentNullException.ThrowIfNull(shared);
        _shared = shared;
        _rspProdPvt = shared.RspProd;
        _reqCons = _rspProdPvt;
    }

    /// <summary>The shared ring.</summary>
    public SharedRing Shared => _shared;

    /// <summary><c>RING_SIZE</c>.</summary>
    public int Size => _shared.Size;

    /// <summary><c>req_cons</c>: the next request index to consume.</summary>
    public uint RequestConsumer => _reqCons;

    /// <summary><c>rsp_prod_pvt</c>: the next response index to fill.</summary>
    public uint ResponseProducer => _rspProdPvt;

    /// <summary>Requests consumed and not yet answered.</summary>
    public int Outstanding => (int)unchecked(_reqCons - _rspProdPvt);

    /// <summary>Reads <c>sring-&gt;req_prod</c> once, with acquire semantics (the <c>rmb()</c> before reading slots).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public uint ReadRequestProducer() => _shared.ReqProd;

    /// <summary><c>RING_REQUEST_PROD_OVERFLOW</c> for a producer value read with <see cref="ReadRequestProducer"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool IsProducerOverflow(uint reqProd) => RingMath.RequestProdOverflow(Size, _rspProdPvt, reqProd);

    /// <summary><c>RING_HAS_UNCONSUMED_REQUESTS</c>: bounded by the free response slots, whatever the producer claims.</summary>
    public int UnconsumedRequests
    {
        get
        {
            uint req = unchecked(_shared.ReqProd - _reqCons);
            uint rsp = unchecked((uint)Size - (_reqCons - _rspProdPvt));
            return (int)Math.Min(req, rsp);
        }
    }

    /// <summary>
    /// Consumes the request at <c>req_cons</c> if one is below <paramref name="reqProd"/> and the loop
    /// guard (<c>RING_REQUEST_CONS_OVERFLOW</c>) allows it. The slot is copied once, then decoded.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryConsumeRequest(uint reqProd, out BlkifRequest request, out uint ringIndex)
    {
        uint cons = _reqCons;
        if (cons == reqProd || RingMath.RequestConsOverflow(Size, _rspProdPvt, cons))
        {
            request = default;
            ringIndex = cons;
            return false;
        }

        // The decoder reads each byte of the slot once into the private copy; validation looks only at the copy.
        BlkifCodec.DecodeRequest(_shared.Slot(cons), _shared.Abi, out request);
        ringIndex = cons;
        _reqCons = unchecked(cons + 1);
        return true;
    }

    /// <summary>
    /// Writes a response into the next slot (<c>RING_GET_RESPONSE(rsp_prod_pvt++)</c>) and returns its
    /// ring index. Not visible to the frontend until <see cref="PushResponses"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public uint ProduceResponse(in BlkifResponse response)
    {
        uint index = _rspProdPvt;
        BlkifCodec.EncodeResponse(in response, _shared.Slot(index), _shared.Abi);
        _rspProdPvt = unchecked(index + 1);
        return index;
    }

    /// <summary>
    /// <c>RING_PUSH_RESPONSES_AND_CHECK_NOTIFY</c>: publishes produced responses and says whether the
    /// frontend asked to be notified (its <c>rsp_event</c> lies in the pushed range).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool PushResponses()
    {
        uint old = _shared.RspProd;
        uint now = _rspProdPvt;
        if (old == now)
        {
            return false;
        }

        // Release store: response slots become visible before the new producer (wmb()).
        _shared.RspProd = now;

        // mb(): read rsp_event only after the new rsp_prod is globally visible.
        Interlocked.MemoryBarrier();
        return RingMath.NeedsNotify(old, now, _shared.RspEvent);
    }

    /// <summary>
    /// <c>RING_FINAL_CHECK_FOR_REQUESTS</c>: if nothing is pending, ask to be notified at the next
    /// request (<c>req_event = req_cons + 1</c>) and look once more. True when there is work.
    /// </summary>
    public bool FinalCheckForRequests()
    {
        if (UnconsumedRequests != 0)
        {
            return true;
        }

        _shared.ReqEvent = unchecked(_reqCons + 1);

        // mb(): publish req_event before re-reading req_prod, or a request pushed in between is missed.
        Interlocked.MemoryBarrier();
        return UnconsumedRequests != 0;
    }
}
