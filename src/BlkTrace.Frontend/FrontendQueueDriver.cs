using System.Diagnostics;
using System.Runtime.InteropServices;
using BlkTrace.Protocol.Blkif;
using BlkTrace.Protocol.Diagnostics;
using BlkTrace.Protocol.Ring;
using BlkTrace.Protocol.Transport;
using BlkTrace.Protocol.Wire;

namespace BlkTrace.Frontend;

/// <summary>
/// One ring of a frontend: a pool of granted pages, request ids, submission and completion, and
/// in-flight accounting that never lets more than RING_SIZE requests be outstanding. It takes any
/// request shape (any op byte, 0-segment flushes and barriers, barriers with data, discards,
/// indirect) so the replayer can say exactly what goes on the ring. Ids are slot numbers with a
/// generation in the high bits, so a stale or duplicated response is recognised and counted, never
/// trusted. Not thread-safe: one thread drives one queue. Nothing allocates per request.
/// </summary>
public sealed class FrontendQueueDriver
{
    private const int SlotBits = 16;
    private readonly FrontRing _ring;
    private readonly IEventChannel _channel;
    private readonly IGrantTable _grants;
    private readonly int _spinIterations;
    private readonly int[] _freePages;
    private readonly int[] _freeSlots;
    private readonly Slot[] _slots;
    private int _freePageCount;
    private int _freeSlotCount;
    private long _unexpected;
    private long _submitted;
    private long _completed;

    internal FrontendQueueDriver(int index, FrontRing ring, IEventChannel channel, IGrantTable grants, int firstDataPage, int dataPages, int spinIterations)
    {
        Index = index;
        _ring = ring;
        _channel = channel;
        _grants = grants;
        _spinIterations = spinIterations;
        _freePages = new int[dataPages];
        for (int i = 0; i < dataPages; i++)
        {
            _freePages[i] = firstDataPage + dataPages - 1 - i;
        }

        _freePageCount = dataPages;
        int size = ring.Size;
        _slots = new Slot[size];
        _freeSlots = new int[size];
        for (int i = 0; i < size; i++)
        {
            _slots[i] = new Slot();
            _freeSlots[i] = size - 1 - i;
        }

        _freeSlotCount = size;
    }

    /// <summary>Queue index.</summary>
    public int Index { get; }

    /// <summary><c>RING_SIZE</c>: the most requests that may be outstanding.</summary>
    public int Capacity => _ring.Size;

    /// <summary>Requests submitted and not yet answered.</summary>
    public int Outstanding => _ring.Size - _freeSlotCount;

    /// <summary>Pages in the pool not in use.</summary>
    public int FreePages => _freePageCount;

    /// <summary>Responses whose id matched no outstanding request (a protocol fault of the backend).</summary>
    public long UnexpectedResponses => _unexpected;

    /// <summary>Requests submitted.</summary>
    public long Submitted => _submitted;

    /// <summary>Responses matched.</summary>
    public long Completed => _completed;

    /// <summary>
    /// The id the last successful <see cref="TrySubmit"/> or <see cref="TrySubmitIndirect"/> gave its
    /// request. Ids are unique for the life of the driver (a slot's generation never repeats), so a
    /// replayer can map every ring request to the intent it served.
    /// </summary>
    public ulong LastSubmittedId { get; private set; }

    /// <summary>The ring's event channel (its counters show notification suppression).</summary>
    public IEventChannel Channel => _channel;

    /// <summary>Takes <paramref name="pages"/>.Length pages from the pool; false (taking none) when too few are free.</summary>
    public bool TryAllocatePages(Span<int> pages)
    {
        if (pages.Length > _freePageCount)
        {
            return false;
        }

        for (int i = 0; i < pages.Length; i++)
        {
            pages[i] = _freePages[--_freePageCount];
        }

        return true;
    }

    /// <summary>Gives a page back to the pool.</summary>
    public void FreePage(int page) => _freePages[_freePageCount++] = page;

    /// <summary>The 4096 bytes of granted page <paramref name="page"/>.</summary>
    public Span<byte> Page(int page) => _grants.Page(page);

    /// <summary>The grant reference the backend uses for <paramref name="page"/>.</summary>
    public uint GrantRef(int page) => _grants.GrantRef(page);

    /// <summary>
    /// Puts <paramref name="request"/> on the ring with a fresh id (its <c>Id</c> is replaced). The pages in
    /// <paramref name="ownedPages"/> go back to the pool when the response arrives. False when RING_SIZE
    /// requests are already outstanding. Call <see cref="Kick"/> to publish.
    /// </summary>
    public bool TrySubmit(BlkifRequest request, ulong tag, ReadOnlySpan<int> ownedPages = default)
    {
        if (_freeSlotCount == 0)
        {
            return false;
        }

        int slotIndex = _freeSlots[--_freeSlotCount];
        var slot = _slots[slotIndex];
        slot.Generation++;
        slot.InUse = true;
        slot.Tag = tag;
        slot.PageCount = 0;
        if (slot.Pages.Length < ownedPages.Length)
        {
            slot.Pages = new int[Math.Max(ownedPages.Length, BlkifConstants.MaxSegmentsPerRequest)];
        }

        ownedPages.CopyTo(slot.Pages);
        slot.PageCount = ownedPages.Length;
        request.Id = ((ulong)slot.Generation << SlotBits) | (uint)slotIndex;
        slot.Id = request.Id;
        LastSubmittedId = request.Id;
        slot.Submitted = Stopwatch.GetTimestamp();
        _ring.ProduceRequest(in request);
        _submitted++;
        return true;
    }

    /// <summary>
    /// Submits an INDIRECT request: writes <paramref name="segments"/> into descriptor pages taken from
    /// the pool (returned with the data pages on completion). False when the ring is full or pages ran out.
    /// </summary>
    public bool TrySubmitIndirect(BlkifOperation innerOperation, ulong sector, ReadOnlySpan<BlkifSegment> segments, ulong tag, ReadOnlySpan<int> ownedPages = default)
    {
        int descriptorPages = (segments.Length + BlkifConstants.SegmentsPerIndirectPage - 1) / BlkifConstants.SegmentsPerIndirectPage;
        if (segments.Length > BlkifConstants.MaxIndirectSegments || _freeSlotCount == 0)
        {
            return false;
        }

        Span<int> descriptors = stackalloc int[BlkifConstants.MaxIndirectPagesPerRequest];
        descriptors = descriptors[..descriptorPages];
        if (!TryAllocatePages(descriptors))
        {
            return false;
        }

        Span<uint> grefs = stackalloc uint[BlkifConstants.MaxIndirectPagesPerRequest];
        for (int p = 0; p < descriptorPages; p++)
        {
            int first = p * BlkifConstants.SegmentsPerIndirectPage;
            int n = Math.Min(BlkifConstants.SegmentsPerIndirectPage, segments.Length - first);
            segments.Slice(first, n).CopyTo(MemoryMarshal.Cast<byte, BlkifSegment>(Page(descriptors[p])));
            grefs[p] = GrantRef(descriptors[p]);
        }

        Span<int> all = stackalloc int[ownedPages.Length + descriptorPages];
        ownedPages.CopyTo(all);
        descriptors.CopyTo(all[ownedPages.Length..]);
        var request = BlkifRequest.Indirect(innerOperation, 0, sector, (ushort)segments.Length, grefs[..descriptorPages]);
        return TrySubmit(request, tag, all);
    }

    /// <summary>Publishes submitted requests and notifies the backend if it asked to be.</summary>
    public void Kick()
    {
        if (_ring.PushRequests())
        {
            _channel.Notify();
        }
    }

    /// <summary>Reads available responses into <paramref name="completions"/>; returns how many.</summary>
    public int Poll(Span<FrontendCompletion> completions)
    {
        int n = 0;
        while (n < completions.Length && _ring.TryConsumeResponse(out var response))
        {
            ulong id = response.Id;
            int slotIndex = (int)(id & ((1UL << SlotBits) - 1));
            if (slotIndex >= _slots.Length || !_slots[slotIndex].InUse || _slots[slotIndex].Id != id)
            {
                _unexpected++;
                continue;
            }

            var slot = _slots[slotIndex];
            slot.InUse = false;
            for (int i = 0; i < slot.PageCount; i++)
            {
                FreePage(slot.Pages[i]);
            }

            _freeSlots[_freeSlotCount++] = slotIndex;
            _completed++;
            completions[n++] = new FrontendCompletion(slot.Tag, id, response.Operation, response.Status, slot.Submitted, Stopwatch.GetTimestamp());
        }

        return n;
    }

    /// <summary>
    /// Waits for a response: polls a while, then asks for a notification (final check) and sleeps on
    /// the event channel up to <paramref name="millisecondsTimeout"/>. True when responses are waiting.
    /// </summary>
    public bool WaitForResponses(int millisecondsTimeout) => WaitForResponses(millisecondsTimeout, _spinIterations);

    /// <summary>
    /// As <see cref="WaitForResponses(int)"/> with <paramref name="spinIterations"/> polls before sleeping
    /// (0: ask for a notification and sleep at once, for a caller that does its own spinning).
    /// </summary>
    public bool WaitForResponses(int millisecondsTimeout, int spinIterations)
    {
        for (int i = 0; i < spinIterations; i++)
        {
            if (_ring.UnconsumedResponses != 0)
            {
                return true;
            }

            SpinPolicy.Idle(i);
        }

        if (_ring.FinalCheckForResponses())
        {
            return true;
        }

        _channel.Wait(millisecondsTimeout);
        return _ring.UnconsumedResponses != 0;
    }

    private sealed class Slot
    {
        public bool InUse;
        public uint Generation;
        public ulong Id;
        public ulong Tag;
        public long Submitted;
        public int[] Pages = new int[BlkifConstants.MaxSegmentsPerRequest];
        public int PageCount;
    }
}
