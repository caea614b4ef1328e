using System.Diagnostics;
using BlkTrace.Frontend;
using BlkTrace.Protocol.Blkif;
using BlkTrace.Protocol.Transport;
using BlkTrace.Protocol.Wire;
using BlkTrace.Replay.Strategies;
using BlkTrace.Trace.Intents;

namespace BlkTrace.Replay.Engine;

/// <summary>Connect-time requests of a strategy (probes, cached-block reads), sent one at a time before the workload.</summary>
internal sealed partial class ReplayEngine
{
    /// <inheritdoc />
    public BlkifStatus RunAtConnect(IntentKind kind, RingStep step, string note, Span<byte> readInto)
    {
        ArgumentNullException.ThrowIfNull(note);
        if (step.Sectors > BlkifConstants.SectorsPerPage * BlkifConstants.MaxSegmentsPerRequest || step.Operation == BlkifOperation.Discard)
        {
            throw new ArgumentException("a connect-time request is a 0-segment op or a short read/write", nameof(step));
        }

        int pages = (step.Sectors + BlkifConstants.SectorsPerPage - 1) / BlkifConstants.SectorsPerPage;
        var pageIds = new int[pages];
        if (!_queue.TryAllocatePages(pageIds))
        {
            throw new InvalidOperationException("no free pages at connect");
        }

        var segments = new BlkifSegment[pages];
        int left = step.Sectors;
        for (int p = 0; p < pages; p++)
        {
            int n = Math.Min(BlkifConstants.SectorsPerPage, left);
            segments[p] = new BlkifSegment(_queue.GrantRef(pageIds[p]), 0, (byte)(n - 1));
            var page = _queue.Page(pageIds[p]);
            if (step.Payload == StepPayload.IntentData)
            {
                throw new ArgumentException("a connect-time request carries no intent data", nameof(step));
            }

            DataVerifier.Poison(page, n);
            left -= n;
        }

        long issue = Stopwatch.GetTimestamp();
        if (!_queue.TrySubmit(BlkifRequest.Direct(step.Operation, 0, step.Sector, segments), ulong.MaxValue, pageIds))
        {
            throw new InvalidOperationException("the ring is not empty at connect");
        }

        ulong id = _queue.LastSubmittedId;
        Ring.CountSubmitted(step.Operation, step.Sectors, extra: false);
        _queue.Kick();
        Span<FrontendCompletion> one = stackalloc FrontendCompletion[1];
        long deadline = issue + (long)(_options.StallTimeout.TotalSeconds * Stopwatch.Frequency);
        while (_queue.Poll(one) == 0)
        {
            if (Stopwatch.GetTimestamp() > deadline)
            {
                throw new TransportException($"the backend did not answer the {BlkifOperationNames.Of(step.Operation)} sent at connect within {_options.StallTimeout.TotalSeconds:0} s");
            }

            _queue.WaitForResponses(100);
        }

        var c = one[0];
        Ring.CountAnswered(step.Operation, c.Status);
        if (step.Operation == BlkifOperation.Read && c.Status == BlkifStatus.Okay)
        {
            // Poll freed the pages but nothing reused them yet.
            for (int p = 0; p < pages && !readInto.IsEmpty; p++)
            {
                var page = _queue.Page(pageIds[p]);
                int n = Math.Min(page.Length, readInto.Length - (p * BlkifConstants.PageSize));
                if (n > 0)
                {
                    page[..n].CopyTo(readInto[(p * BlkifConstants.PageSize)..]);
                }
            }
        }

        _connectRecords.Add(new IntentRecord(
            _connectRecords.Count,
            kind,
            step.Sector,
            step.Sectors,
            0,
            ToTraceNs(issue),
            ToTraceNs(c.CompletedTimestamp),
            c.Status,
            [id],
            note));
        return c.Status;
    }
}
