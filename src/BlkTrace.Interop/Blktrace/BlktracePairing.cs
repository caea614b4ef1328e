using System.Globalization;
using BlkTrace.Protocol.Blkif;

namespace BlkTrace.Interop.Blktrace;

/// <summary>
/// The state of a blktrace import: turns Q, D, R and C events (in time order) into request and
/// response rows, pairing by device and sector. Everything else is counted and skipped.
/// </summary>
/// <remarks>
/// A request row is written at its Q (the guest's issue time), or at its D when the trace has no Q for
/// it (traces filtered to issue and complete). Its response row is written at the C that ends it.
/// Rules for C: see <see cref="OutstandingRequests"/>. A queue is a device, numbered in order of first
/// appearance. Notify records, PDUs and the events that only describe the block layer's internals
/// (G, I, P, U, T, S, M, F, X, B, A, abort, driver data) are ignored (counted); SCSI passthrough and
/// unknown actions are unmapped (counted as warnings).
/// </remarks>
internal sealed class BlktracePairing
{
    private readonly ImportRowBuilder _rows;
    private readonly ImportReport _report;
    private readonly OutstandingRequests _outstanding = new();
    private readonly Dictionary<uint, int> _queues = [];
    private readonly List<uint> _devices = [];
    private uint _lastDevice = uint.MaxValue;
    private int _lastQueue;

    public BlktracePairing(ImportRowBuilder rows, ImportReport report)
    {
        _rows = rows;
        _report = report;
    }

    public void On(in BlktraceRecord r)
    {
        var cat = r.Categories;
        if ((cat & BlktraceCategory.Notify) != 0)
        {
            _report.IgnoredEvents++;
            return;
        }

        switch (r.Action)
        {
            case BlktraceAction.Queue:
                if (Mappable(cat))
                {
                    Queue(r, cat, issued: false);
                }

                break;
            case BlktraceAction.Issue:
                if (Mappable(cat))
                {
                    Issue(r, cat);
                }

                break;
            case BlktraceAction.Requeue:
                if (Mappable(cat))
                {
                    Requeue(r, cat);
                }

                break;
            case BlktraceAction.Complete:
                if (Mappable(cat))
                {
                    Complete(r, cat);
                }

                break;
            case >= BlktraceAction.BackMerge and <= BlktraceAction.DriverData:
                _report.IgnoredEvents++;
                break;
            default:
                _report.Warn(ImportWarnings.UnmappedEvents);
                break;
        }
    }

    /// <summary>Counts what never completed; returns the queue assignment text.</summary>
    public void Finish()
    {
        _report.Warn(ImportWarnings.IncompleteRequests, _outstanding.Count);
        _report.QueueAssignment = string.Join(';', _devices.Select((d, i) => i.ToString(CultureInfo.InvariantCulture) + "=" + BlktraceRecord.DeviceName(d)));
    }

    private static RequestClass ClassOf(BlktraceCategory cat, uint bytes) =>
        (cat & BlktraceCategory.Discard) != 0 ? RequestClass.Discard
        : bytes == 0 && (cat & BlktraceCategory.Flush) != 0 ? RequestClass.EmptyFlush
        : (cat & BlktraceCategory.Write) != 0 ? RequestClass.Write
        : RequestClass.Read;

    private static BlockOp OpOf(BlktraceCategory cat, uint bytes)
    {
        var c = ClassOf(cat, bytes);
        if (c != RequestClass.Write)
        {
            return c switch
            {
                RequestClass.Discard => BlockOp.Discard,
                RequestClass.EmptyFlush => BlockOp.Flush,
                _ => BlockOp.Read,
            };
        }

        bool preflush = (cat & BlktraceCategory.Flush) != 0;
        bool fua = (cat & BlktraceCategory.Fua) != 0;
        return preflush ? (fua ? BlockOp.PreflushFuaWrite : BlockOp.PreflushWrite) : fua ? BlockOp.FuaWrite : BlockOp.Write;
    }

    private static long Time(ulong t) => t > long.MaxValue ? long.MaxValue : (long)t;

    private bool Mappable(BlktraceCategory cat)
    {
        if ((cat & BlktraceCategory.Pc) != 0)
        {
            _report.Warn(ImportWarnings.UnmappedEvents);
            return false;
        }

        return true;
    }

    private int QueueOf(uint device)
    {
        if (device == _lastDevice)
        {
            return _lastQueue;
        }

        if (!_queues.TryGetValue(device, out int q))
        {
            q = _queues.Count;
            _queues[device] = q;
            _devices.Add(device);
        }

        _lastDevice = device;
        _lastQueue = q;
        return q;
    }

    private void Queue(in BlktraceRecord r, BlktraceCategory cat, bool issued)
    {
        var op = OpOf(cat, r.Bytes);
        int sectors = op == BlockOp.Flush ? 0 : _rows.SectorsFromBytes(r.Bytes);
        var request = _rows.Request(Time(r.Time), QueueOf(r.Device), op, r.Sector, sectors);
        _outstanding.Add(r.Device, r.Sector, new OutstandingRequests.Entry
        {
            Request = request,
            RemainingBytes = r.Bytes,
            Class = ClassOf(cat, r.Bytes),
            Issued = issued,
        });
    }

    private void Issue(in BlktraceRecord r, BlktraceCategory cat)
    {
        var c = ClassOf(cat, r.Bytes);
        int first = -1;
        int waiting = 0;
        bool any = false;
        for (int i = _outstanding.Head(r.Device, r.Sector); i >= 0; i = _outstanding[i].Next)
        {
            ref var e = ref _outstanding[i];
            if (e.Class != c)
            {
                continue;
            }

            any = true;
            if (!e.Issued && e.RemainingBytes == r.Bytes)
            {
                waiting++;
                first = first < 0 ? i : first;
            }
        }

        if (first >= 0)
        {
            // With several identical requests waiting, which one went is a guess (oldest first);
            // remembered, so a completion does not treat the guess as a fact.
            ref var e = ref _outstanding[first];
            e.Issued = true;
            e.IssueGuessed = waiting > 1;
            return;
        }

        if (!any)
        {
            // No Q for it (a trace filtered to issue and complete): the request starts here.
            Queue(r, cat, issued: true);
            return;
        }

        // A dispatch of a merged request (larger than its first bio), or a re-dispatch: mark the oldest waiting.
        for (int i = _outstanding.Head(r.Device, r.Sector); i >= 0; i = _outstanding[i].Next)
        {
            ref var e = ref _outstanding[i];
            if (e.Class == c && !e.Issued)
            {
                e.Issued = true;
                return;
            }
        }
    }

    private void Requeue(in BlktraceRecord r, BlktraceCategory cat)
    {
        var c = ClassOf(cat, r.Bytes);
        for (int i = _outstanding.Head(r.Device, r.Sector); i >= 0; i = _outstanding[i].Next)
        {
            ref var e = ref _outstanding[i];
            if (e.Class == c && e.Issued)
            {
                e.Issued = false;
                e.IssueGuessed = false;
                return;
            }
        }

        _report.IgnoredEvents++;
    }

    private void Complete(in BlktraceRecord r, BlktraceCategory cat)
    {
        var c = ClassOf(cat, r.Bytes);
        long time = Time(r.Time);
        var status = BlockOpMapping.StatusFromErrno(r.Error);
        ulong sector = r.Sector;
        ulong bytes = r.Bytes;
        bool first = true;

        // Each step completes or shortens one entry, so this ends; the bound guards a corrupt chain.
        for (int step = 0; step < 1_000_000; step++)
        {
            int match = FindExact(r.Device, sector, c, bytes);
            if (match >= 0)
            {
                Finish(match, time, status);
                return;
            }

            int larger = -1;
            int smaller = -1;
            for (int i = _outstanding.Head(r.Device, sector); i >= 0; i = _outstanding[i].Next)
            {
                ref var e = ref _outstanding[i];
                if (e.Class != c)
                {
                    continue;
                }

                if (e.RemainingBytes > bytes && larger < 0)
                {
                    larger = i;
                }
                else if (e.RemainingBytes < bytes && smaller < 0)
                {
                    smaller = i;
                }
            }

            if (larger >= 0)
            {
                // A partial completion: the rest of the request stays outstanding at the next sector.
                ref var e = ref _outstanding[larger];
                e.RemainingBytes -= bytes;
                _outstanding.Rekey(larger, sector + (bytes / 512));
                return;
            }

            if (smaller >= 0 && _outstanding[smaller].RemainingBytes > 0)
            {
                // A merged request: this entry ends here, the rest of the range belongs to the next one.
                ulong done = _outstanding[smaller].RemainingBytes;
                Finish(smaller, time, status);
                sector += done / 512;
                bytes -= done;
                first = false;
                continue;
            }

            _report.Warn(first ? ImportWarnings.UnmatchedCompletions : ImportWarnings.SizeMismatchPairs);
            return;
        }
    }

    /// <summary>
    /// The entry a completion of exactly this size ends: the only candidate; or, among several, the
    /// only one known to have been dispatched; otherwise the oldest dispatched (else the oldest), and
    /// the guess is counted as an ambiguous pair.
    /// </summary>
    private int FindExact(uint device, ulong sector, RequestClass c, ulong bytes)
    {
        int firstIssued = -1;
        int firstAny = -1;
        int issued = 0;
        int any = 0;
        bool guessed = false;
        for (int i = _outstanding.Head(device, sector); i >= 0; i = _outstanding[i].Next)
        {
            ref var e = ref _outstanding[i];
            if (e.Class != c || e.RemainingBytes != bytes)
            {
                continue;
            }

            any++;
            firstAny = firstAny < 0 ? i : firstAny;
            if (e.Issued)
            {
                issued++;
                guessed |= e.IssueGuessed;
                firstIssued = firstIssued < 0 ? i : firstIssued;
            }
        }

        if (any > 1 && (issued != 1 || guessed))
        {
            _report.Warn(ImportWarnings.AmbiguousPairs);
        }

        return firstIssued >= 0 ? firstIssued : firstAny;
    }

    private void Finish(int index, long time, BlkifStatus status)
    {
        var request = _outstanding[index].Request;
        _outstanding.Remove(index);
        _rows.Response(time, request, status);
    }
}
