using BlkTrace.Protocol.Blkif;
using BlkTrace.Trace.Storage;

namespace BlkTrace.Trace.Tap;

/// <summary>The writer thread: drains the buffer in claim order into the <see cref="TraceWriter"/>, and owns everything below.</summary>
public sealed partial class TraceTap
{
    private readonly byte[] _scratch = new byte[MaxPayload];
    private long _nextSeq;
    private bool _writerDown;
    private long _retryAt;
    private long _reportedDrops;
    private long _lastDropReport;
    private bool _writerClosed;

    private void Run()
    {
        try
        {
            int sinceHousekeeping = 0;
            while (true)
            {
                int drained = Drain();
                if (drained > 0)
                {
                    if (++sinceHousekeeping >= 16)
                    {
                        sinceHousekeeping = 0;
                        Housekeeping(idle: false);
                    }

                    continue;
                }

                Housekeeping(idle: true);
                if (_stopping)
                {
                    // Everything claimed is published promptly (claims only succeed with room).
                    if (_buffer.Consumed == _buffer.Claimed)
                    {
                        break;
                    }

                    Thread.SpinWait(64);
                    continue;
                }

                _buffer.Sleep(IdleSleep, _ready);
            }

            Finish();
        }
        catch (Exception e)
        {
            // Nothing may escape a background thread; whatever broke becomes the capture's fault.
            SetFault(e);
            _writer.Abort();
            _writerClosed = true;
        }
    }

    private int Drain()
    {
        long position = _buffer.Consumed;
        int n = 0;
        while (n < DrainBatch && _buffer.IsPublished(position))
        {
            ref var slot = ref _buffer.Slot(position);
            int extra = slot.ExtraSlots;
            Record(ref slot, position);
            position += 1 + extra;
            n++;
            if ((n & 255) == 0)
            {
                _buffer.Release(position);
            }
        }

        _buffer.Release(position);
        return n;
    }

    private void Record(ref TapSlot slot, long position)
    {
        if (_state == Faulted || _writerDown)
        {
            Interlocked.Increment(ref _dropped);
            return;
        }

        int flags = slot.Flags;
        int payload = slot.PayloadBytes;
        if (payload > 0)
        {
            GatherPayload(position, payload);
        }

        int hashBytes = (flags & TapSlot.HasHash) != 0 ? 8 : 0;
        var row = new RingEvent
        {
            Seq = _nextSeq,
            TsNs = _nsPerTick == 0 ? slot.Timestamp - _startTicks : (long)((slot.Timestamp - _startTicks) * _nsPerTick),
            Kind = (RingEventKind)slot.Kind,
            Queue = slot.Queue,
            RingIndex = slot.RingIndex,
            Id = slot.Id,
            Operation = (BlkifOperation)slot.Op,
            IndirectOperation = (flags & TapSlot.HasIndirectOp) != 0 ? (BlkifOperation)slot.IndirectOp : null,
            NrSegments = slot.NrSegments,
            Handle = slot.Handle,
            Sector = slot.Sector,
            NrSectors = slot.NrSectors,
            SegLayout = (flags & TapSlot.HasLayout) != 0 ? new ReadOnlyMemory<byte>(_scratch, hashBytes, payload - hashBytes) : default(ReadOnlyMemory<byte>?),
            Status = (flags & TapSlot.HasStatus) != 0 ? (BlkifStatus)slot.Status : null,
            DataHash = hashBytes != 0 ? BitConverter.ToInt64(_scratch) : null,
        };

        try
        {
            _writer.Append(row);
            Volatile.Write(ref _nextSeq, _nextSeq + 1);
        }
        catch (IOException e)
        {
            OnWriteFailure(e, lostNow: 1);
        }
    }

    private void GatherPayload(long position, int payload)
    {
        int inline = Math.Min(payload, TapSlot.InlinePayload);
        _buffer.Bytes(position).Slice(TapSlot.InlinePayloadOffset, inline).CopyTo(_scratch);
        int offset = inline;
        for (long p = position + 1; offset < payload; p++)
        {
            int n = Math.Min(payload - offset, TapSlot.ContinuationPayload);
            _buffer.Bytes(p).Slice(TapSlot.ContinuationPayloadOffset, n).CopyTo(_scratch.AsSpan(offset));
            offset += n;
        }
    }

    /// <summary>
    /// The writer discarded its open segment. Its rows (and the event in hand) are lost: under Drop
    /// they are counted and seq rewinds so the file stays gap-free; under Block the capture faults.
    /// </summary>
    private void OnWriteFailure(IOException e, int lostNow)
    {
        long lost = (_nextSeq - _writer.SealedRows) + lostNow;
        Interlocked.Add(ref _dropped, lost);
        Volatile.Write(ref _nextSeq, _writer.SealedRows);
        if (_block)
        {
            SetFault(e);
        }
        else
        {
            _writerDown = true;
            _retryAt = _options.TimeProvider.GetTimestamp();
        }

        _options.WriteFailed?.Invoke(e);
    }

    private void SetFault(Exception e)
    {
        _fault ??= e;
        _state = Faulted;
    }

    private void Housekeeping(bool idle)
    {
        var clock = _options.TimeProvider;
        long dropped = Interlocked.Read(ref _dropped);
        if (_state != Faulted)
        {
            _writer.DroppedEvents = dropped;
        }

        if (_writerDown && clock.GetElapsedTime(_retryAt) >= _options.RetryInterval)
        {
            _writerDown = false;
        }

        if (idle && _state != Faulted && !_writerDown)
        {
            try
            {
                _writer.Poll();
            }
            catch (IOException e)
            {
                OnWriteFailure(e, lostNow: 0);
            }
        }

        if (dropped != _reportedDrops && clock.GetElapsedTime(_lastDropReport) >= _options.DropReportInterval)
        {
            ReportDrops(dropped);
        }
    }

    private void ReportDrops(long dropped)
    {
        _reportedDrops = dropped;
        _lastDropReport = _options.TimeProvider.GetTimestamp();
        _options.DropsObserved?.Invoke(dropped);
    }

    private void Finish()
    {
        if (_state == Faulted)
        {
            _writer.Abort();
        }
        else
        {
            _writer.DroppedEvents = Interlocked.Read(ref _dropped);
            try
            {
                _writer.Complete();
            }
            catch (IOException e)
            {
                OnWriteFailure(e, lostNow: 0);
                _writer.Abort();
            }
        }

        _writerClosed = true;
        long dropped = Interlocked.Read(ref _dropped);
        if (dropped != _reportedDrops)
        {
            ReportDrops(dropped);
        }
    }
}
