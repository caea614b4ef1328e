using System.Runtime.CompilerServices;
using BlkTrace.Protocol.Blkif;

namespace BlkTrace.Protocol.Ring;

/// <summary>
/// The frontend's private view of a shared ring (<c>struct blkif_front_ring</c>): it produces
/// requests and consumes responses. Not thread-safe: one frontend thread drives one ring.
/// </summary>
public sealed class FrontRing
{
    private readonly SharedRing _shared;
    private uint _reqProdPvt;
    private uint _rspCons;
    private uint _rspProdSeen;

    private FrontRing(SharedRing shared, uint reqProdPvt, uint rspCons)
    {
        _shared = shared;
        _reqProdPvt = reqProdPvt;
        _rspCons = rspCons;
        _rspProdSeen = rspCons;
    }

    /// <summary><c>SHARED_RING_INIT</c> + <c>FRONT_RING_INIT</c>: a fresh ring, all indices at 0.</summary>
    public static FrontRing Initialize(SharedRing shared)
    {
        ArgumentNullException.ThrowIfNull(shared);
        shared.Initialize();
        return new FrontRing(shared, 0, 0);
    }

    /// <summary>
    /// <c>FRONT_RING_ATTACH</c> at given indices (tests start near the 2^32 wrap this way). The shared
    /// producers are set to the same values.
    /// </summary>
    public static FrontRing Attach(SharedRing shared, uint startIndex)
    {
        ArgumentNullException.ThrowIfNull(shared);
        shared.Initialize();
        shared.ReqProd = startIndex;
        shared.RspProd = startIndex;
        shared.ReqEvent = startIndex + 1;
        shared.RspEvent = startIndex + 1;
        return new FrontRing(shared, startIndex, startIndex);
    }

    /// <summary>The shared ring.</summary>
    public SharedRing Shared => _shared;

    /// <summary><c>RING_SIZE</c>.</summary>
    public int Size => _shared.Size;

    /// <summary><c>req_prod_pvt</c>: the next request index to fill.</summary>
    public uint RequestProducer => _reqProdPvt;

    /// <summary><c>rsp_cons</c>: the next response index to read.</summary>
    public uint ResponseConsumer => _rspCons;

    /// <summary><c>RING_FREE_REQUESTS</c>: requests that can be produced before the ring is full.</summary>
    public int FreeRequests => Size - (int)unchecked(_reqProdPvt - _rspCons);

    /// <summary><c>RING_FULL</c>.</summary>
    public bool IsFull => FreeRequests == 0;

    /// <summary>Requests produced and not yet answered (what the frontend has in flight).</summary>
    public int Outstanding => (int)unchecked(_reqProdPvt - _rspCons);

    /// <summary>
    /// Writes a request into the next slot (<c>RING_GET_REQUEST(req_prod_pvt++)</c>) and returns its
    /// ring index. It is not visible to the backend until <see cref="PushRequests"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public uint ProduceRequest(in BlkifRequest request)
    {
        if (IsFull)
        {
            ThrowHelper.ThrowInvalidOperation("the ring is full: a frontend must never have more than RING_SIZE requests outstanding");
        }

        uint index = _reqProdPvt;
        BlkifCodec.EncodeRequest(in request, _shared.Slot(index), _shared.Abi);
        _reqProdPvt = unchecked(index + 1);
        return index;
    }

    /// <summary>
    /// The raw slot for the next request, for callers that write bytes themselves (a hostile-guest
    /// test). Call <see cref="AdvanceRequestProducer"/> after writing.
    /// </summary>
    public Span<byte> NextRequestSlot() => _shared.Slot(_reqProdPvt);

    /// <summary>Moves <c>req_prod_pvt</c> on by <paramref name="count"/> without any check.</summary>
    public void AdvanceRequestProducer(uint count) => _reqProdPvt = unchecked(_reqProdPvt + count);

    /// <summary>
    /// <c>RING_PUSH_REQUESTS_AND_CHECK_NOTIFY</c>: publishes produced requests and says whether the
    /// backend asked to be notified (its <c>req_event</c> lies in the pushed range).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool PushRequests()
    {
        uint old = _shared.ReqProd;
        uint now = _reqProdPvt;
        if (old == now)
        {
            return false;
        }

        // Release store: the slots written above become visible before the new producer (wmb()).
        _shared.ReqProd = now;

        // mb(): the backend may be setting req_event right now; read it only after our store is visible.
        Interlocked.MemoryBarrier();
        return RingMath.NeedsNotify(old, now, _shared.ReqEvent);
    }

    /// <summary><c>RING_HAS_UNCONSUMED_RESPONSES</c>.</summary>
    public int UnconsumedResponses => (int)unchecked(_shared.RspProd - _rspCons);

    /// <summary>Reads the next response if the backend has published one (<c>rsp_cons++</c>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryConsumeResponse(out BlkifResponse response)
    {
        if (_rspCons == _rspProdSeen)
        {
            // Acquire load: the response slots are read only after the producer index (rmb()).
            _rspProdSeen = _shared.RspProd;
            if (_rspCons == _rspProdSeen || unchecked(_rspProdSeen - _rspCons) > (uint)Size)
            {
                // A backend that claims more responses than the ring holds is ignored until it makes sense.
                _rspProdSeen = _rspCons;
                response = default;
                return false;
            }
        }

        response = BlkifCodec.DecodeResponse(_shared.Slot(_rspCons), _shared.Abi);
        _rspCons = unchecked(_rspCons + 1);
        return true;
    }

    /// <summary>
    /// <c>RING_FINAL_CHECK_FOR_RESPONSES</c>: if nothing is pending, ask to be notified at the next
    /// response (<c>rsp_event = rsp_cons + 1</c>) and look once more. True when there is work.
    /// </summary>
    public bool FinalCheckForResponses()
    {
        if (UnconsumedResponses != 0)
        {
            return true;
        }

        _shared.RspEvent = unchecked(_rspCons + 1);

        // mb(): the new rsp_event must be visible before we re-read rsp_prod, or a response pushed in
        // between would neither be seen here nor notified.
        Interlocked.MemoryBarrier();
        return UnconsumedResponses != 0;
    }
}
