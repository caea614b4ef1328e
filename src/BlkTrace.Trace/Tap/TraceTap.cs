using System.Diagnostics;
using System.Runtime.CompilerServices;
using BlkTrace.Protocol.Blkif;
using BlkTrace.Protocol.Wire;
using BlkTrace.Trace.Diagnostics;
using BlkTrace.Trace.Storage;

namespace BlkTrace.Trace.Tap;

/// <summary>
/// The tap: records every ring event a backend reports into a <see cref="TraceWriter"/>, for one
/// clock read and one cache-line write per event on the ring thread.
/// </summary>
/// <remarks>
/// Data flow: a ring thread's call reads the clock, claims slots in a preallocated
/// <see cref="TapBuffer"/>, copies the event's fields into them and publishes — no allocation, no
/// lock, no system call. A dedicated writer thread drains the buffer in claim order, numbers rows
/// densely (seq), converts timestamps to ns since capture start, and appends to the writer, which
/// rolls sealed segments. Several ring threads may call at once; their events are ordered by claim.
/// Within one thread ts_ns never decreases; across threads two events a few hundred ns apart may
/// carry timestamps out of seq order (each thread reads the clock just before it claims).
/// Backpressure: <see cref="TapBackpressure.Block"/> waits for room and never loses an event;
/// <see cref="TapBackpressure.Drop"/> never waits and counts what it drops (dropped events take no
/// seq, so seq stays gap-free). Failures: see <see cref="TraceTapOptions.WriteFailed"/>.
/// <see cref="Complete"/> (or <see cref="Dispose"/>) drains the buffer and seals the open segment;
/// stop the rings first — events reported after completion are not recorded (counted in
/// <see cref="LateEvents"/>). This file is the ring threads' side; TraceTap.WriterThread.cs is the writer thread's.
/// </remarks>
public sealed partial class TraceTap : IRingEventSink, IDisposable
{
    private const int Running = 0;
    private const int Faulted = 1;
    private const int Stopped = 2;

    private const int MaxLayoutSegments = BlkifConstants.MaxIndirectSegments;
    private const int MaxPayload = 8 + (MaxLayoutSegments * TraceSchema.SegLayoutBytesPerSegment);
    private const int SmallPayload = 64;
    private const int DrainBatch = 4096;
    private static readonly TimeSpan IdleSleep = TimeSpan.FromMilliseconds(10);

    private readonly TapBuffer _buffer;
    private readonly TraceWriter _writer;
    private readonly TraceTapOptions _options;
    private readonly bool _block;
    private readonly bool _forward;
    private readonly long _startTicks;
    private readonly double _nsPerTick;
    private readonly Thread _thread;
    private readonly Func<bool> _ready;

    private volatile int _state;
    private volatile bool _stopping;
    private volatile Exception? _fault;
    private long _dropped;
    private long _late;

    /// <summary>
    /// Starts a tap over <paramref name="writer"/>, which it owns from now on. Capture starts now:
    /// <c>blktrace.capture_start_utc</c> and <c>blktrace.clock</c> are set in the writer's metadata.
    /// </summary>
    public TraceTap(TraceWriter writer, TraceTapOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(writer);
        _writer = writer;
        _options = options ?? new TraceTapOptions();
        _block = _options.Backpressure == TapBackpressure.Block;
        _forward = _options.ForwardToEventSource;
        _buffer = new TapBuffer(_options.BufferSlots);
        _ready = () => _buffer.IsPublished(_buffer.Consumed) || _stopping;

        CaptureStartUtc = _options.TimeProvider.GetUtcNow();
        _startTicks = Stopwatch.GetTimestamp();
        _nsPerTick = Stopwatch.Frequency == 1_000_000_000 ? 0 : 1e9 / Stopwatch.Frequency;
        _writer.Metadata = _writer.Metadata with { CaptureStartUtc = CaptureStartUtc, Clock = TraceMetadata.MonotonicClock };
        _lastDropReport = _options.TimeProvider.GetTimestamp();

        _thread = new Thread(Run) { IsBackground = true, Name = "blkt-tap-writer" };
        _thread.Start();
    }

    /// <summary>Creates the output (failing at once if it cannot be written) and starts a tap on it.</summary>
    public static TraceTap Start(string directory, TraceMetadata metadata, TraceWriterOptions? writerOptions = null, TraceTapOptions? options = null) =>
        new(new TraceWriter(directory, metadata, writerOptions), options);

    /// <summary>
    /// The metadata written into every segment sealed from now on. A backend that learns the ABI,
    /// ring size and queues only when the frontend connects sets them here after starting the tap;
    /// the capture start and clock are the tap's and are kept whatever the new value says.
    /// </summary>
    public TraceMetadata Metadata
    {
        get => _writer.Metadata;
        set
        {
            ArgumentNullException.ThrowIfNull(value);
            _writer.Metadata = value with { CaptureStartUtc = CaptureStartUtc, Clock = TraceMetadata.MonotonicClock };
        }
    }

    /// <summary>When the capture started (ts_ns 0).</summary>
    public DateTimeOffset CaptureStartUtc { get; }

    /// <summary>
    /// The <see cref="Stopwatch"/> timestamp of ts_ns 0, so code in the same process (a replayer
    /// writing its intent log) can put its own events on the trace's clock exactly.
    /// </summary>
    public long StartTimestamp => _startTicks;

    /// <summary>The backpressure policy.</summary>
    public TapBackpressure Backpressure => _options.Backpressure;

    /// <summary>Events dropped so far (buffer full under Drop, or lost with a failed segment).</summary>
    public long DroppedEvents => Interlocked.Read(ref _dropped);

    /// <summary>Events reported after <see cref="Complete"/> began (not recorded).</summary>
    public long LateEvents => Interlocked.Read(ref _late);

    /// <summary>Under <see cref="TapBackpressure.Block"/>, the write failure that stopped the capture; else null.</summary>
    public Exception? Fault => _fault;

    /// <summary>Rows recorded in the trace (final after <see cref="Complete"/>).</summary>
    public long RecordedEvents => _writerClosed ? _writer.SealedRows : Volatile.Read(ref _nextSeq);

    /// <summary>The sealed segments (read after <see cref="Complete"/>).</summary>
    public IReadOnlyList<TraceSegment> SealedSegments => _writerClosed ? _writer.SealedSegments : throw new InvalidOperationException("the capture is still running");

    /// <inheritdoc />
    public void OnRequest(int queue, uint ringIndex, in BlkifRequest request, ReadOnlySpan<BlkifSegment> indirectSegments, long? dataHash)
    {
        long ts = Stopwatch.GetTimestamp();
        if (_forward)
        {
            RingEventSource.Log.OnRequest(queue, ringIndex, request, indirectSegments, dataHash);
        }

        if (_state != Running)
        {
            NotRunning();
            return;
        }

        var segments = RequestRow.Segments(request, indirectSegments);
        bool hasLayout = RequestRow.HasSegLayout(request, indirectSegments);
        if (segments.Length > MaxLayoutSegments)
        {
            segments = segments[..MaxLayoutSegments];
        }

        int layoutBytes = hasLayout ? segments.Length * TraceSchema.SegLayoutBytesPerSegment : 0;
        int payload = (dataHash.HasValue ? 8 : 0) + layoutBytes;
        int extra = TapSlot.ExtraSlotsFor(payload);
        long position = Claim(1 + extra);
        if (position < 0)
        {
            return;
        }

        ref var slot = ref _buffer.Slot(position);
        slot.Kind = (byte)RingEventKind.Request;
        slot.Op = (byte)request.Operation;
        slot.IndirectOp = (byte)request.IndirectOperation;
        slot.Flags = (byte)((request.Operation == BlkifOperation.Indirect ? TapSlot.HasIndirectOp : 0) |
            (hasLayout ? TapSlot.HasLayout : 0) | (dataHash.HasValue ? TapSlot.HasHash : 0));
        slot.Timestamp = ts;
        slot.Id = request.Id;
        slot.Sector = request.SectorNumber;
        slot.RingIndex = ringIndex;
        slot.NrSectors = RequestRow.NrSectors(request, indirectSegments);
        slot.Queue = (short)queue;
        slot.NrSegments = request.NrSegments;
        slot.Handle = request.Handle;
        slot.Status = 0;
        slot.PayloadBytes = (ushort)payload;
        slot.ExtraSlots = (ushort)extra;
        if (payload > 0)
        {
            if (payload <= SmallPayload)
            {
                WritePayload(position, payload, dataHash, segments, stackalloc byte[SmallPayload]);
            }
            else
            {
                WriteLargePayload(position, payload, dataHash, segments);
            }
        }

        _buffer.Publish(position, 1 + extra);
    }

    /// <inheritdoc />
    public void OnResponse(int queue, uint ringIndex, in BlkifResponse response)
    {
        long ts = Stopwatch.GetTimestamp();
        if (_forward)
        {
            RingEventSource.Log.OnResponse(queue, ringIndex, response);
        }

        if (_state != Running)
        {
            NotRunning();
            return;
        }

        long position = Claim(1);
        if (position < 0)
        {
            return;
        }

        ref var slot = ref _buffer.Slot(position);
        slot.Kind = (byte)RingEventKind.Response;
        slot.Op = (byte)response.Operation;
        slot.IndirectOp = 0;
        slot.Flags = TapSlot.HasStatus;
        slot.Timestamp = ts;
        slot.Id = response.Id;
        slot.Sector = 0;
        slot.RingIndex = ringIndex;
        slot.NrSectors = 0;
        slot.Queue = (short)queue;
        slot.NrSegments = 0;
        slot.Handle = 0;
        slot.Status = (short)response.Status;
        slot.PayloadBytes = 0;
        slot.ExtraSlots = 0;
        _buffer.Publish(position, 1);
    }

    /// <inheritdoc />
    public void OnStoreFlush(int queue, ulong requestId)
    {
        long ts = Stopwatch.GetTimestamp();
        if (_forward)
        {
            RingEventSource.Log.OnStoreFlush(queue, requestId);
        }

        if (_state != Running)
        {
            NotRunning();
            return;
        }

        long position = Claim(1);
        if (position < 0)
        {
            return;
        }

        ref var slot = ref _buffer.Slot(position);
        slot.Kind = (byte)RingEventKind.StoreFlush;
        slot.Op = 0;
        slot.IndirectOp = 0;
        slot.Flags = 0;
        slot.Timestamp = ts;
        slot.Id = requestId;
        slot.Sector = 0;
        slot.RingIndex = 0;
        slot.NrSectors = 0;
        slot.Queue = (short)queue;
        slot.NrSegments = 0;
        slot.Handle = 0;
        slot.Status = 0;
        slot.PayloadBytes = 0;
        slot.ExtraSlots = 0;
        _buffer.Publish(position, 1);
    }

    /// <summary>
    /// Drains the buffer, seals the open segment and stops the writer thread. Under
    /// <see cref="TapBackpressure.Block"/>, throws the <see cref="IOException"/> that faulted the
    /// capture, if any (sealed segments are intact either way). Idempotent.
    /// </summary>
    public void Complete()
    {
        _stopping = true;
        Interlocked.CompareExchange(ref _state, Stopped, Running);
        _buffer.Wake();
        if (_thread.IsAlive)
        {
            _thread.Join();
        }

        if (_fault is { } fault)
        {
            throw new IOException(fault.Message, fault);
        }
    }

    /// <summary>Completes the capture; a fault is not rethrown (it was reported through <see cref="TraceTapOptions.WriteFailed"/> and stays in <see cref="Fault"/>).</summary>
    public void Dispose()
    {
        try
        {
            Complete();
        }
        catch (IOException)
        {
            // Reported already; Dispose must not throw during unwinding.
        }

        _buffer.Dispose();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private long Claim(int count)
    {
        long position = _buffer.TryClaim(count);
        return position >= 0 ? position : ClaimSlow(count);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private long ClaimSlow(int count)
    {
        if (!_block)
        {
            Interlocked.Increment(ref _dropped);
            return -1;
        }

        var spin = default(SpinWait);
        while (true)
        {
            _buffer.Wake();
            spin.SpinOnce();
            long position = _buffer.TryClaim(count);
            if (position >= 0)
            {
                return position;
            }

            if (_state != Running)
            {
                NotRunning();
                return -1;
            }
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void NotRunning()
    {
        if (_state == Faulted && _fault is { } fault)
        {
            throw new IOException("trace capture stopped: " + fault.Message, fault);
        }

        Interlocked.Increment(ref _late);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void WriteLargePayload(long position, int payload, long? dataHash, ReadOnlySpan<BlkifSegment> segments) =>
        WritePayload(position, payload, dataHash, segments, stackalloc byte[MaxPayload]);

    /// <summary>Encodes hash then layout into <paramref name="buffer"/>, then spreads it over the head's inline bytes and the continuation slots.</summary>
    private void WritePayload(long position, int payload, long? dataHash, ReadOnlySpan<BlkifSegment> segments, Span<byte> buffer)
    {
        int offset = 0;
        if (dataHash is { } hash)
        {
            BitConverter.TryWriteBytes(buffer, hash);
            offset = 8;
        }

        RequestRow.EncodeSegLayout(segments, buffer[offset..]);
        ReadOnlySpan<byte> bytes = buffer[..payload];
        int inline = Math.Min(bytes.Length, TapSlot.InlinePayload);
        bytes[..inline].CopyTo(_buffer.Bytes(position)[TapSlot.InlinePayloadOffset..]);
        bytes = bytes[inline..];
        for (long p = position + 1; !bytes.IsEmpty; p++)
        {
            int n = Math.Min(bytes.Length, TapSlot.ContinuationPayload);
            bytes[..n].CopyTo(_buffer.Bytes(p)[TapSlot.ContinuationPayloadOffset..]);
            bytes = bytes[n..];
        }
    }
}
