using System.Diagnostics;
using BlkTrace.Protocol.Blkif;
using BlkTrace.Replay.Strategies;
using BlkTrace.Trace.Intents;

namespace BlkTrace.Replay.Engine;

/// <summary>The completing half: responses, read checks, steps and intents finishing.</summary>
internal sealed partial class ReplayEngine
{
    private readonly Dictionary<int, string> _describeCache = [];

    /// <summary>Reads every available response and accounts it; returns how many.</summary>
    private int Reap()
    {
        int total = 0;
        while (true)
        {
            int n = _queue.Poll(_completions);
            if (n == 0)
            {
                return total;
            }

            total += n;
            for (int k = 0; k < n; k++)
            {
                ref readonly var c = ref _completions[k];
                int tag = (int)c.Tag;
                var r = _requests[tag];
                var a = _active[r.Active];
                _freeRequests[_freeRequestCount++] = tag;
                Ring.CountAnswered(r.Operation, c.Status);
                Results.RecordRing(a.Index, c.Status);
                if (r.WritesData)
                {
                    _outstandingWrites--;
                }

                if (r.EmptyFlush)
                {
                    _outstandingFlushes--;
                }

                // Pages were just freed by Poll and nothing has been submitted since: they still hold the data.
                Check(a, r, c.Status);
                a.LastCompletionTicks = c.CompletedTimestamp;
                a.Record(r.Step, c.Status);
                a.Outstanding[r.Step]--;
                a.TotalOutstanding--;
                if (a.Outstanding[r.Step] == 0 && a.FullySubmitted[r.Step] && !a.Completed[r.Step])
                {
                    a.Completed[r.Step] = true;
                    if (!_strategy.OnStepCompleted(a.Intent, a.Plan, r.Step, a.Worst[r.Step]))
                    {
                        a.Stopped = true;
                    }
                }

                if (a.IsFinished)
                {
                    Finish(a, c.CompletedTimestamp);
                }
                else if (a.TotalOutstanding == 0 && !a.InReadyList && a.Slot != _pendingHead)
                {
                    a.InReadyList = true;
                    _ready[_readyCount++] = a.Slot;
                }
            }
        }
    }

    private void Check(ActiveIntent a, RingRequestInfo r, BlkifStatus status)
    {
        var v = _verifier;
        if (v is null)
        {
            return;
        }

        bool ok = status == BlkifStatus.Okay;
        if (r.Payload == StepPayload.IntentData)
        {
            v.OnWriteCompleted(r.Sector, r.Sectors, a.Intent.Generation, ok);
        }
        else if (r.Operation == BlkifOperation.Discard)
        {
            v.OnDiscardCompleted(r.Sector, r.Sectors);
        }
        else if (r.Operation == BlkifOperation.Read && ok)
        {
            v.CountRead();
            for (int s = 0; s < r.Sectors; s++)
            {
                var data = _queue.Page(r.Pages[s / BlkifConstants.SectorsPerPage]).Slice((s % BlkifConstants.SectorsPerPage) * BlkifConstants.SectorSize, BlkifConstants.SectorSize);
                v.Check(data, r.Sector + (ulong)s, r.Expected[s], a.Intent.Seq);
            }
        }
    }

    /// <summary>The guest is told: record the outcome, free the slot, advance the closed-loop dependency prefix.</summary>
    private void Finish(ActiveIntent a, long doneTicks)
    {
        int i = a.Index;
        if (doneTicks == 0)
        {
            doneTicks = Stopwatch.GetTimestamp();
        }

        Results.Issue[i] = a.IssueTicks;
        Results.Done[i] = doneTicks;
        Results.Guest[i] = (short)a.Plan.GuestStatus;
        Results.Notes[i] = a.Plan.Note;
        if (a.Intent.Kind is IntentKind.Flush or IntentKind.DurableWrite)
        {
            Results.Became[i] = Describe(a.Plan, a.NextStep);
        }

        if (a.Plan.RewroteBlock)
        {
            Results.Rewrites[i] = (a.Plan.RewrittenSector, a.Plan.RewrittenSectors, a.Plan.RewrittenGeneration);
        }

        if (a.Plan.HoldLater)
        {
            _holdCount--;
        }

        a.InUse = false;
        _activeCount--;
        _finishedCount++;
        _freeActive[_freeActiveCount++] = a.Slot;
        _sourceDone[i] = true;
        var order = _source.CompletionOrder;
        while (_prefix < order.Count && _sourceDone[order[_prefix]])
        {
            _prefix++;
            _prefixTicks[_prefix] = doneTicks;
        }
    }

    /// <summary>Records the issue time of intents still in flight when the run stopped early.</summary>
    private void RecordUnfinished()
    {
        foreach (var a in _active)
        {
            if (a.InUse && a.IssueTicks != 0)
            {
                Results.Issue[a.Index] = a.IssueTicks;
                Results.Notes[a.Index] = a.Plan.Note;
                if (a.Intent.Kind is IntentKind.Flush or IntentKind.DurableWrite)
                {
                    Results.Became[a.Index] = Describe(a.Plan, a.NextStep);
                }
            }
        }
    }

    /// <summary>"FLUSH_DISKCACHE 0-seg", "WRITE + FLUSH_DISKCACHE 0-seg", "nothing": what the first <paramref name="sent"/> steps were.</summary>
    private string Describe(IntentPlan plan, int sent)
    {
        int key = sent;
        for (int s = 0; s < sent; s++)
        {
            var step = plan[s];
            int code = ((int)step.Operation & 7) | (step.Sectors == 0 ? 8 : 0) | (step.Payload == StepPayload.CachedBlock ? 16 : 0);
            key |= code << (3 + (5 * s));
        }

        if (_describeCache.TryGetValue(key, out string? text))
        {
            return text;
        }

        var parts = new string[sent];
        for (int s = 0; s < sent; s++)
        {
            var step = plan[s];
            parts[s] = step.Sectors == 0 ? BlkifOperationNames.Of(step.Operation) + " 0-seg"
                : step.Payload == StepPayload.CachedBlock ? BlkifOperationNames.Of(step.Operation) + " of the cached block"
                : BlkifOperationNames.Of(step.Operation) + " with data";
        }

        text = sent == 0 ? "nothing" : string.Join(" + ", parts);
        _describeCache[key] = text;
        return text;
    }
}
