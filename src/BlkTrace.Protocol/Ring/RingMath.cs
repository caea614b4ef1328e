using BlkTrace.Protocol.Blkif;

namespace BlkTrace.Protocol.Ring;

/// <summary>
/// The index arithmetic of Xen's <c>io/ring.h</c>. Indices (<c>RING_IDX</c>) are free-running
/// unsigned 32-bit counters: every difference below is taken modulo 2^32, so the ring keeps working
/// when a counter wraps.
/// </summary>
public static class RingMath
{
    /// <summary>Bytes of the shared ring header (<c>struct blkif_sring</c> up to <c>ring[]</c>).</summary>
    public const int HeaderSize = 64;

    /// <summary>The largest <c>ring-page-order</c> a backend may advertise (Linux: 4, 16 pages).</summary>
    public const int MaxPageOrder = 4;

    /// <summary>
    /// <c>__RING_SIZE</c>: the number of slots that fit in <c>2^order</c> pages after the header,
    /// rounded down to a power of two (<c>__RD32</c>). 32 × 2^order for both ABIs.
    /// </summary>
    public static int RingSize(int pageOrder, BlkifAbi abi)
    {
        if ((uint)pageOrder > MaxPageOrder)
        {
            ThrowHelper.ThrowArgumentOutOfRange(nameof(pageOrder), "ring-page-order must be 0..4");
        }

        int fit = ((BlkifConstants.PageSize << pageOrder) - HeaderSize) / BlkifAbiInfo.SlotSize(abi);
        return RoundDownToPowerOfTwo(fit);
    }

    /// <summary>Bytes of <c>2^order</c> ring pages.</summary>
    public static int RingBytes(int pageOrder) => BlkifConstants.PageSize << pageOrder;

    /// <summary>
    /// The notify rule of <c>RING_PUSH_{REQUESTS,RESPONSES}_AND_CHECK_NOTIFY</c>: after moving the
    /// producer from <paramref name="oldProd"/> to <paramref name="newProd"/>, notify the peer iff its
    /// event index lies in <c>(old, new]</c>, i.e. <c>(new - event) &lt; (new - old)</c> as unsigned.
    /// </summary>
    public static bool NeedsNotify(uint oldProd, uint newProd, uint eventIndex) =>
        unchecked(newProd - eventIndex) < unchecked(newProd - oldProd);

    /// <summary>
    /// <c>RING_REQUEST_CONS_OVERFLOW</c>, the loop guard: consuming the request at <paramref name="cons"/>
    /// would leave no slot for its response.
    /// </summary>
    public static bool RequestConsOverflow(int ringSize, uint rspProdPvt, uint cons) =>
        unchecked(cons - rspProdPvt) >= (uint)ringSize;

    /// <summary>
    /// <c>RING_REQUEST_PROD_OVERFLOW</c>: the frontend claims more outstanding requests than the ring
    /// holds. Modern Linux blkback halts the ring when it sees this.
    /// </summary>
    public static bool RequestProdOverflow(int ringSize, uint rspProdPvt, uint prod) =>
        unchecked(prod - rspProdPvt) > (uint)ringSize;

    private static int RoundDownToPowerOfTwo(int value) => value <= 0 ? 0 : 1 << (31 - int.LeadingZeroCount(value));
}
