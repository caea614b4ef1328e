using System.Diagnostics;
using BlkTrace.Frontend.Workloads;
using BlkTrace.Protocol.Blkif;
using BlkTrace.Protocol.Wire;
using BlkTrace.Replay.Strategies;
using BlkTrace.Trace.Intents;

namespace BlkTrace.Replay.Engine;

/// <summary>The issuing half: timing, starting intents, putting steps on the ring.</summary>
internal sealed partial class ReplayEngine
{
    /// <summary>Starts intents whose time has come, in order, as far as the ring, the pool and the gates allow.</summary>
    private bool IssueNew()
    {
        bool progressed = false;
        _nextDeadline = 0;
        while (true)
        {
            if (_pendingHead >= 0)
            {
                // The head's first step is not fully on the ring yet (gate, ring full, no pages): later intents wait.
                if (!TryAdvance(_active[_pendingHead]))
                {
                    return progressed;
                }

                _pendingHead = -1;
                progressed = true;
                continue;
            }

            if (_next >= _count || _holdCount > 0 || _freeActiveCount == 0)
            {
                return progressed;
            }

            long now = Stopwatch.GetTimestamp();
            long intended = Eligible(_next, now);
            if (now >= _budgetEnd || (intended < 0 && _nextDeadline > _budgetEnd))
            {
                // Out of time, or the next intent is due after the budget: cut the source here, at an intent boundary.
                _count = _next;
                _nextDeadline = 0;
                return progressed;
            }

            if (intended < 0)
            {
                return progressed;
            }

            CountIssue(intended, now);
            Start(_next, intended, now);
            _next++;
            progressed = true;
        }
    }

    /// <summary>
    /// When intent <paramref name="i"/> may start: its intended tick (0 when the mode has none), or -1 when
    /// not yet (and <see cref="_nextDeadline"/> says when, or 0 when it waits for completions).
    /// </summary>
    private long Eligible(int i, long now)
    {
        var src = _source.Intents[i];
        switch (_options.Timing)
        {
            case TimingMode.Afap:
                return _activeCount < _options.QueueDepth ? 0 : -1;
            case TimingMode.Closed:
                {
                    int deps = src.CompletedBefore;
                    if (_prefix < deps)
                    {
                        return -1;
                    }

                    long anchorNs = deps == 0 ? _source.Intents[0].IssueNs : _source.Intents[_source.CompletionOrder[deps - 1]].DoneNs;
                    long think = (long)(Math.Max(0, src.IssueNs - anchorNs) * _ticksPerNs / _options.Speed);
                    long at = _prefixTicks[deps] + think;
                    return Due(at, now);
                }

            default:
                {
                    long at = _startTicks + (long)((src.IssueNs - _source.Intents[0].IssueNs) * _ticksPerNs / _options.Speed);
                    return Due(at, now);
                }
        }
    }

    private long Due(long at, long now)
    {
        if (now >= at)
        {
            return Math.Max(at, 1);
        }

        _nextDeadline = at;
        return -1;
    }

    private void Start(int i, long intended, long now)
    {
        var src = _source.Intents[i];
        long generation = src.Kind is IntentKind.Write or IntentKind.DurableWrite ? ++_generation : 0;
        var intent = new ReplayIntent(_connectRecords.Count + i, src.Kind, src.Sector, src.Sectors, generation);
        int slot = _freeActive[--_freeActiveCount];
        var a = _active[slot];
        a.Reset(i, intent);
        _strategy.Plan(intent, a.Plan);
        Results.Generation[i] = generation;
        Results.Intended[i] = intended;
        Results.InFlight[i] = _activeCount;
        _activeCount++;
        if (a.Plan.Count == 0)
        {
            // Nothing to send (write-through flush, a disabled blkfront's flush): told at once.
            a.IssueTicks = now;
            Finish(a, now);
            return;
        }

        if (a.Plan.HoldLater)
        {
            _holdCount++;
        }

        if (a.Plan[0].Gate != StepGate.None)
        {
            // The guest issued it now; the strategy holds it until its gate opens.
            a.IssueTicks = now;
        }

        if (!TryAdvance(a))
        {
            _pendingHead = slot;
        }
    }

    /// <summary>Sends the next steps of intents whose previous step completed (finishing is <see cref="Reap"/>'s job).</summary>
    private bool PumpReady()
    {
        bool progressed = false;
        int kept = 0;
        for (int k = 0; k < _readyCount; k++)
        {
            var a = _active[_ready[k]];
            int before = a.TotalOutstanding;
            if (a.Stopped || TryAdvance(a))
            {
                a.InReadyList = false;
            }
            else
            {
                _ready[kept++] = _ready[k];
            }

            progressed |= a.TotalOutstanding != before;
        }

        _readyCount = kept;
        return progressed;
    }

    /// <summary>
    /// Puts as much of <paramref name="a"/>'s remaining steps on the ring as gates and room allow. True
    /// when every step that may go now went (the next one, if any, waits for a completion); false when
    /// it is blocked (gate closed, ring full, pages short).
    /// </summary>
    private bool TryAdvance(ActiveIntent a)
    {
        var plan = a.Plan;
        while (a.NextStep < plan.Count && !a.Stopped)
        {
            int s = a.NextStep;
            var step = plan[s];
            if (!a.StepOpened)
            {
                bool open = step.Gate switch
                {
                    StepGate.AfterPrevious => s == 0 || (a.Completed[s - 1] && a.TotalOutstanding == 0),
                    StepGate.AfterEarlierWrites => _outstandingWrites == 0,
                    StepGate.AfterEarlierWritesAndFlush => _outstandingWrites == 0 && _outstandingFlushes == 0,
                    _ => true,
                };
                if (!open)
                {
                    return step.Gate == StepGate.AfterPrevious && s > 0;
                }

                if (step.Gate != StepGate.None && !_strategy.OnGateOpened(a.Intent, plan, s))
                {
                    // The strategy dropped the rest at dispatch (a flush a disabled blkfront swallows).
                    a.Stopped = true;
                    if (a.IsFinished)
                    {
                        Finish(a, Stopwatch.GetTimestamp());
                    }

                    return true;
                }

                a.StepOpened = true;
                a.SubmittedSectors = 0;
            }

            while (!a.FullySubmitted[s])
            {
                if (!SubmitChunk(a, s, step))
                {
                    return false;
                }
            }

            a.NextStep++;
            a.StepOpened = false;
        }

        return true;
    }

    /// <summary>Submits the next ring request of a step (a long step is split); false when the ring or the page pool is full.</summary>
    private bool SubmitChunk(ActiveIntent a, int s, in RingStep step)
    {
        if (_freeRequestCount == 0 || _queue.Outstanding >= _queue.Capacity)
        {
            return false;
        }

        int sectors = step.Operation == BlkifOperation.Discard || step.Sectors == 0
            ? step.Sectors
            : Math.Min(step.Sectors - a.SubmittedSectors, _maxPagesPerRequest * BlkifConstants.SectorsPerPage);
        int pages = step.Operation == BlkifOperation.Discard ? 0 : (sectors + BlkifConstants.SectorsPerPage - 1) / BlkifConstants.SectorsPerPage;
        bool indirect = pages > BlkifConstants.MaxSegmentsPerRequest;
        int descriptors = indirect ? (pages + BlkifConstants.SegmentsPerIndirectPage - 1) / BlkifConstants.SegmentsPerIndirectPage : 0;
        if (_queue.FreePages < pages + descriptors)
        {
            return false;
        }

        int tag = _freeRequests[_freeRequestCount - 1];
        var r = _requests[tag];
        ulong sector = step.Sector + (ulong)a.SubmittedSectors;
        var pageSpan = r.Pages.AsSpan(0, pages);
        _queue.TryAllocatePages(pageSpan);
        FillPages(a, r, step, sector, sectors, pages);
        bool ok;
        if (step.Operation == BlkifOperation.Discard)
        {
            ok = _queue.TrySubmit(BlkifRequest.Discard(0, sector, (ulong)sectors), (ulong)tag);
        }
        else if (!indirect)
        {
            ok = _queue.TrySubmit(BlkifRequest.Direct(step.Operation, 0, sector, _segments.AsSpan(0, pages)), (ulong)tag, pageSpan);
        }
        else
        {
            ok = _queue.TrySubmitIndirect(step.Operation, sector, _segments.AsSpan(0, pages), (ulong)tag, pageSpan);
        }

        if (!ok)
        {
            foreach (int p in pageSpan)
            {
                _queue.FreePage(p);
            }

            return false;
        }

        long now = Stopwatch.GetTimestamp();
        _freeRequestCount--;
        r.Active = a.Slot;
        r.Step = s;
        r.Operation = step.Operation;
        r.Payload = step.Payload;
        r.Sector = sector;
        r.Sectors = sectors;
        r.PageCount = pages;
        r.WritesData = step.WritesData;
        if (r.WritesData)
        {
            _outstandingWrites++;
        }

        r.EmptyFlush = sectors == 0 && step.Operation is BlkifOperation.FlushDiskCache or BlkifOperation.WriteBarrier;
        if (r.EmptyFlush)
        {
            _outstandingFlushes++;
        }

        if (step.Payload == StepPayload.IntentData)
        {
            _verifier?.OnWriteIssued(sector, sectors, a.Intent.Generation);
        }
        else if (step.Operation == BlkifOperation.Read && _verifier is not null)
        {
            _verifier.Snapshot(sector, r.Expected.AsSpan(0, sectors));
        }

        Results.AddRing(a.Index, _queue.LastSubmittedId);
        Ring.CountSubmitted(step.Operation, sectors, step.Payload == StepPayload.CachedBlock);
        a.SubmittedSectors += Math.Max(sectors, 0);
        a.Outstanding[s]++;
        a.TotalOutstanding++;
        if (a.SubmittedSectors >= step.Sectors)
        {
            a.FullySubmitted[s] = true;
        }

        if (a.IssueTicks == 0)
        {
            a.IssueTicks = now;
        }

        _needKick = true;
        return true;
    }

    /// <summary>Builds the segments of a request and fills its pages: stamped data, the cached block, or poisoned read buffers.</summary>
    private void FillPages(ActiveIntent a, RingRequestInfo r, in RingStep step, ulong sector, int sectors, int pages)
    {
        int left = sectors;
        for (int p = 0; p < pages; p++)
        {
            int n = Math.Min(BlkifConstants.SectorsPerPage, left);
            var page = _queue.Page(r.Pages[p]);
            _segments[p] = new BlkifSegment(_queue.GrantRef(r.Pages[p]), 0, (byte)(n - 1));
            ulong first = sector + (ulong)(p * BlkifConstants.SectorsPerPage);
            switch (step.Payload)
            {
                case StepPayload.IntentData:
                    DataStamp.Fill(page[..(n * BlkifConstants.SectorSize)], first, (ulong)a.Intent.Generation, _options.Seed);
                    break;
                case StepPayload.CachedBlock:
                    {
                        var bytes = _strategy.CachedBlock!.Bytes;
                        int offset = (int)(first - step.Sector) * BlkifConstants.SectorSize;
                        bytes.AsSpan(offset, n * BlkifConstants.SectorSize).CopyTo(page);
                        break;
                    }

                default:
                    if (step.Operation == BlkifOperation.Read && _verifier is not null)
                    {
                        DataVerifier.Poison(page, n);
                    }

                    break;
            }

            left -= n;
        }
    }
}
