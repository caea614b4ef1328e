using System.Globalization;
using System.Runtime.ExceptionServices;
using BlkTrace.Backend.Service;
using BlkTrace.Backend.Stores;
using BlkTrace.Protocol.Blkif;
using BlkTrace.Protocol.Transport;
using BlkTrace.Protocol.Transport.Xen;
using BlkTrace.Trace;
using BlkTrace.Trace.Storage;
using BlkTrace.Trace.Tap;

namespace BlkTrace.Backend.Hosting;

/// <summary>
/// Runs a backend as a program does: opens the store and the transport, starts the Parquet tap if
/// asked, serves frontends one after another on a thread of its own until cancelled, reports a
/// status line a second, then stops the rings, seals the trace and reports a summary. Shared by
/// <c>blkt backend</c> and the NativeAOT <c>blkt-dom0</c>, which differ only in how they print.
/// </summary>
/// <remarks>
/// Ownership: the host owns the store, the transport and the tap for the whole run and disposes them
/// in reverse order; the rings are stopped (the serving thread has returned) before the tap drains,
/// so no event is reported after the trace is sealed. A trace that cannot be written under block
/// backpressure stops serving and is returned in <see cref="BackendHostResult.TraceFailure"/>, not
/// thrown: the caller says so in one line and fails. A failure of the serving thread itself
/// (transport gone, bad option found late) is rethrown with its original stack.
/// </remarks>
public static class BackendHost
{
    /// <summary>Serves until <paramref name="cancellationToken"/> is cancelled or the capture fails.</summary>
    public static BackendHostResult Run(BackendHostOptions options, IBackendHostEvents events, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(events);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var cancel = stop.Token;
        using var store = StoreSpec.Open(options.StoreSpec);
        using var transport = options.OpenTransport();
        var backendOptions = options.Backend;
        var capture = options.Trace;

        Exception? traceFailure = null;
        using var tap = capture is null ? null : StartTap(options, events, e =>
        {
            traceFailure = e;
            stop.Cancel();
        });

        // Without a capture the EventSource sink stays wired, so `blkt capture --pid` or dotnet-trace
        // can record this backend later without a restart.
        backendOptions = backendOptions with { Tap = (IRingEventSink?)tap ?? RingEventSourceSink.Instance };
        var backend = new BlkifBackend(transport, store, backendOptions);
        if (tap is not null)
        {
            tap.Metadata = tap.Metadata with { BackendNodes = backend.Features.ToDictionary(f => f.Key, f => f.Value), Sectors = backend.Disk.Sectors, SectorSize = backend.Disk.SectorSize };
            events.Info($"recording to {capture!.Directory} ({(capture.Backpressure == TapBackpressure.Block ? "block" : "drop")} on a full buffer)");
        }

        events.Info(string.Create(CultureInfo.InvariantCulture,
            $"serving {transport.Description} with {store.Description} ({store.Sectors * 512 / 1048576.0:0.#} MiB) as {backendOptions.Profile.Name}{(backendOptions.ReadOnly ? ", read-only" : string.Empty)}; features: {string.Join(' ', backend.Features.Select(f => f.Key + "=" + f.Value))}"));

        Exception? failure = null;
        var server = new Thread(() =>
        {
            try
            {
                backend.Serve(session => Connected(session, tap, events), cancel);
            }
            catch (Exception e)
            {
                failure = e;
            }
        })
        { IsBackground = true, Name = "blkt-backend" };
        server.Start();
        while (!server.Join(1000))
        {
            if (options.Status)
            {
                events.Info(backend.Statistics().StatusLine());
            }
        }

        events.Info("stopped after " + backend.Connections.ToString(CultureInfo.InvariantCulture) + " connection(s)");
        if (transport is XenBackendTransport xen)
        {
            // Over every connection; pages still mapped (not persistent grants) would be a missing ReleasePage.
            events.Info(string.Create(CultureInfo.InvariantCulture,
                $"gntdev: {xen.PagesMapped:N0} map(s), {xen.MapFailures:N0} failure(s), {xen.PersistentPages:N0} persistent, {xen.PagesInUse:N0} still in use"));
        }

        var statistics = backend.Statistics();
        events.Report(statistics.Summary());
        if (tap is not null)
        {
            // The rings have stopped: drain the buffer and seal the open segment.
            try
            {
                tap.Complete();
            }
            catch (IOException e)
            {
                if (capture!.Backpressure == TapBackpressure.Block)
                {
                    traceFailure ??= e;
                }
                else
                {
                    events.Warning("trace: the last segment could not be sealed: " + e.Message.ReplaceLineEndings(" "));
                }
            }

            if (traceFailure is null)
            {
                events.Info(string.Create(CultureInfo.InvariantCulture,
                    $"trace: {tap.RecordedEvents:N0} events in {tap.SealedSegments.Count} segment(s) in {capture!.Directory}{(tap.DroppedEvents > 0 ? $", {tap.DroppedEvents:N0} dropped" : string.Empty)}"));
            }
        }

        if (traceFailure is null && failure is not null)
        {
            ExceptionDispatchInfo.Capture(failure).Throw();
        }

        return new BackendHostResult(backend.Connections, statistics, traceFailure);
    }

    private static void Connected(BackendSession session, TraceTap? tap, IBackendHostEvents events)
    {
        if (tap is not null)
        {
            tap.Metadata = tap.Metadata with
            {
                Abi = BlkifAbiInfo.ProtocolName(session.Frontend.Abi),
                RingPageOrder = session.Frontend.RingPageOrder,
                RingSize = session.Rings[0].RingSize,
                Queues = session.Rings.Count,
            };
        }

        events.Info(string.Create(CultureInfo.InvariantCulture,
            $"frontend connected: {session.Rings.Count} queue(s), ring-page-order {session.Frontend.RingPageOrder} ({session.Rings[0].RingSize} slots), {session.Frontend.Abi}"));
    }

    private static TraceTap StartTap(BackendHostOptions options, IBackendHostEvents events, Action<Exception> failed)
    {
        var capture = options.Trace!;
        var metadata = new TraceMetadata
        {
            Profile = options.Backend.Profile.Name,
            Store = options.StoreSpec,
            Writer = options.Writer,
        };
        var writerOptions = new TraceWriterOptions
        {
            MaxSegmentRows = capture.SegmentRows,
            MaxSegmentAge = capture.SegmentAge,
            RowGroupRows = (int)Math.Min(TraceWriterOptions.DefaultRowGroupRows, capture.SegmentRows),
        };
        var tapOptions = new TraceTapOptions
        {
            Backpressure = capture.Backpressure,
            DropsObserved = total => events.Warning(string.Create(CultureInfo.InvariantCulture, $"the trace has dropped {total:N0} events so far (--trace-backpressure drop)")),
            WriteFailed = e =>
            {
                if (capture.Backpressure == TapBackpressure.Block)
                {
                    failed(e);
                }
                else
                {
                    events.Warning("trace write failed, counting events as dropped: " + e.Message.ReplaceLineEndings(" "));
                }
            },
        };
        return TraceTap.Start(capture.Directory, metadata, writerOptions, tapOptions);
    }
}
