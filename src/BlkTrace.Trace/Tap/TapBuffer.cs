using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace BlkTrace.Trace.Tap;

/// <summary>
/// The tap's bounded multi-producer, single-consumer buffer of <see cref="TapSlot"/>s, allocated
/// once. Producers (ring threads) claim consecutive positions with a compare-and-swap that only
/// succeeds when the consumer has freed them, fill the slots, then publish by writing the head's
/// stamp. The consumer (the writer thread) reads heads in position order, so the order of
/// successful claims is the order rows are written: seq order.
/// </summary>
/// <remarks>
/// Claiming only when there is room (rather than claiming first and waiting) means a claimed
/// position is always published, whatever happens to the capture: the consumer never waits for a
/// producer that gave up. The consumer frees slots by advancing one cursor (not by writing each
/// slot), so producers read a cached copy and touch the consumer's cache line only when the buffer
/// looks full. Slots are aligned to cache lines in a pinned array.
/// </remarks>
internal sealed class TapBuffer : IDisposable
{
    private readonly byte[] _storage;
    private readonly int _base;
    private readonly long _mask;
    private readonly int _wakeShift;
    private readonly ManualResetEventSlim _wake = new(false, 0);
    private Cursors _cursors;

    public TapBuffer(int slots)
    {
        if (slots < TraceTapOptions.MinBufferSlots || (slots & (slots - 1)) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(slots), slots, $"tap buffer slots must be a power of two, at least {TraceTapOptions.MinBufferSlots}");
        }

        Capacity = slots;
        _mask = slots - 1;
        _wakeShift = System.Numerics.BitOperations.Log2((uint)slots) - 2;
        _storage = GC.AllocateArray<byte>((slots * TapSlot.Size) + TapSlot.Size, pinned: true);
        long address = Marshal.UnsafeAddrOfPinnedArrayElement(_storage, 0);
        _base = (int)((TapSlot.Size - (address % TapSlot.Size)) % TapSlot.Size);
    }

    public int Capacity { get; }

    /// <summary>Positions claimed so far (the next claim starts here).</summary>
    public long Claimed => Volatile.Read(ref _cursors.Claimed);

    /// <summary>Positions the consumer has freed (it reads from here next).</summary>
    public long Consumed => _cursors.Consumed;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ref TapSlot Slot(long position) =>
        ref Unsafe.As<byte, TapSlot>(ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_storage), _base + ((int)(position & _mask) * TapSlot.Size)));

    /// <summary>The whole 64 bytes of a slot.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Span<byte> Bytes(long position) =>
        _storage.AsSpan(_base + ((int)(position & _mask) * TapSlot.Size), TapSlot.Size);

    /// <summary>Claims <paramref name="count"/> consecutive positions if they are free; -1 when the buffer is too full.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long TryClaim(int count)
    {
        while (true)
        {
            long claimed = Volatile.Read(ref _cursors.Claimed);
            long wrap = claimed + count - Capacity;
            if (wrap > _cursors.Gate && !RefreshGate(wrap))
            {
                return -1;
            }

            if (Interlocked.CompareExchange(ref _cursors.Claimed, claimed + count, claimed) == claimed)
            {
                return claimed;
            }
        }
    }

    /// <summary>Publishes the event whose head is at <paramref name="position"/> (all its slots written).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Publish(long position, int count)
    {
        // Release: the slot contents must be visible before the stamp that says they are there.
        Volatile.Write(ref Slot(position).Stamp, (int)(position + 1));

        // Wake a sleeping consumer when a quarter of the buffer has been crossed, not on every
        // event: one read of a rarely written field per event, a wake-up per quarter at most.
        if ((position >> _wakeShift) != ((position + count) >> _wakeShift) && Volatile.Read(ref _cursors.Sleeping) != 0)
        {
            _wake.Set();
        }
    }

    /// <summary>True when the head at <paramref name="position"/> has been published (acquire).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool IsPublished(long position) => Volatile.Read(ref Slot(position).Stamp) == (int)(position + 1);

    /// <summary>Frees every position below <paramref name="position"/> (consumer only).</summary>
    public void Release(long position)
    {
        // Release: our reads of the slots happen before a producer may reuse them.
        Volatile.Write(ref _cursors.Consumed, position);
    }

    /// <summary>Wakes the consumer now (a producer waiting for room, or completion).</summary>
    public void Wake()
    {
        if (Volatile.Read(ref _cursors.Sleeping) != 0)
        {
            _wake.Set();
        }
    }

    /// <summary>Consumer: sleeps until a producer wakes it or <paramref name="timeout"/> passes, unless data is already there.</summary>
    public void Sleep(TimeSpan timeout, Func<bool> ready)
    {
        _wake.Reset();
        Volatile.Write(ref _cursors.Sleeping, 1);

        // Full fence: the flag must be visible before we look for data one last time, or a producer
        // could publish, see no sleeper, and leave us asleep for the whole timeout.
        Interlocked.MemoryBarrier();
        if (!ready())
        {
            _wake.Wait(timeout);
        }

        Volatile.Write(ref _cursors.Sleeping, 0);
    }

    public void Dispose() => _wake.Dispose();

    private bool RefreshGate(long wrap)
    {
        long consumed = Volatile.Read(ref _cursors.Consumed);

        // Benign race between producers: every value written was read from Consumed, which only
        // grows, so Gate never runs ahead of the truth.
        _cursors.Gate = consumed;
        return wrap <= consumed;
    }

    /// <summary>The shared counters, on separate cache lines: producers hammer Claimed, the consumer writes Consumed.</summary>
    [StructLayout(LayoutKind.Explicit, Size = 320)]
    private struct Cursors
    {
        [FieldOffset(64)]
        public long Claimed;

        [FieldOffset(128)]
        public long Gate;

        [FieldOffset(192)]
        public long Consumed;

        [FieldOffset(256)]
        public int Sleeping;
    }
}
