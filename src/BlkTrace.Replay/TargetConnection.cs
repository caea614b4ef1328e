using System.Diagnostics;
using BlkTrace.Backend.Service;
using BlkTrace.Backend.Stores;
using BlkTrace.Frontend;
using BlkTrace.Protocol.Blkif;
using BlkTrace.Protocol.Ring;
using BlkTrace.Protocol.Transport;
using BlkTrace.Replay.Output;
using BlkTrace.Replay.Source;
using BlkTrace.Trace;
using BlkTrace.Trace.Storage;
using BlkTrace.Trace.Tap;

namespace BlkTrace.Replay;

/// <summary>
/// A connected frontend and whatever hosts the other end: for an in-process target the store, the
/// backend with its ring threads and the tap recording the replay trace; for a vbd target just the
/// transport. <see cref="Finish"/> closes the device and seals the trace; <see cref="Dispose"/> frees the rest.
/// </summary>
internal sealed class TargetConnection : IDisposable
{
    private IBlockStore? _store;
    private InProcessVbd? _vbd;
    private BackendSession? _session;
    private TraceTap? _tap;
    private IFrontendTransport? _transport;
    private string? _vbdDirectory;
    private string? _transportKind;
    private string? _storeSpec;
    private string? _profile;
    private bool _finished;

    private TargetConnection(FrontendDriver driver, long clockOrigin, string intentClock)
    {
        Driver = driver;
        ClockOrigin = clockOrigin;
        ClockOriginUtc = DateTimeOffset.UtcNow;
        IntentClock = intentClock;
    }

    public FrontendDriver Driver { get; }

    /// <summary>Stopwatch ticks of ts 0 for the intent log.</summary>
    public long ClockOrigin { get; }

    public DateTimeOffset ClockOriginUtc { get; private init; }

    /// <summary><c>trace</c> or <c>replay</c> (<see cref="ReplayMetadataKeys.IntentClock"/>).</summary>
    public string IntentClock { get; }

    /// <summary>The in-process store's kind (null for a vbd target).</summary>
    public string? StoreKind => _store?.Kind;

    public static TargetConnection InProcess(SourceWorkload source, ReplayTarget target, string storeSpec, ReplayOptions options, string traceDirectory, TraceMetadata metadata, CancellationToken cancellationToken)
    {
        var store = StoreSpec.Open(storeSpec);
        InProcessVbd? vbd = null;
        TraceTap? tap = null;
        FrontendDriver? driver = null;
        BackendSession? session = null;
        try
        {
            if (store.Sectors < source.DiskSectors)
            {
                throw new ArgumentException($"--store {target.Store}: {store.Sectors * 512} bytes is smaller than the trace's disk ({source.DiskSectors * 512} bytes)");
            }

            vbd = new InProcessVbd();
            tap = TraceTap.Start(
                traceDirectory,
                metadata,
                new TraceWriterOptions { BaseName = ReplayRunner.TraceDirectoryName, RowGroupRows = 1 << 16, MaxSegmentAge = null },
                new TraceTapOptions { ForwardToEventSource = false });
            var backend = new BlkifBackend(vbd.Backend, store, new BackendOptions
            {
                Profile = target.Profile!,
                Tap = tap,
                HashWrites = target.HashData,
                SectorSize = source.SectorSize,
                IoThreads = target.IoThreads,
            });
            backend.Announce();
            Exception? acceptFailure = null;
            var accept = new Thread(() =>
            {
                try
                {
                    session = backend.Accept(TimeSpan.FromSeconds(30), cancellationToken);
                }
                catch (Exception e)
                {
                    acceptFailure = e;
                }
            })
            { IsBackground = true, Name = "blkt-replay-accept" };
            accept.Start();
            driver = FrontendDriver.Connect(vbd.Frontend, FrontendOptionsFor(source, options, TimeSpan.FromSeconds(30)), cancellationToken);
            accept.Join();
            if (acceptFailure is not null)
            {
                throw acceptFailure;
            }

            var connection = new TargetConnection(driver, tap.StartTimestamp, "trace")
            {
                _store = store,
                _vbd = vbd,
                _session = session,
                _tap = tap,
                _storeSpec = store.Description,
                _profile = target.Profile!.Name,
                ClockOriginUtc = tap.CaptureStartUtc,
            };
            tap.Metadata = tap.Metadata with
            {
                Abi = BlkifAbiInfo.ProtocolName(driver.Abi),
                RingPageOrder = driver.RingPageOrder,
                RingSize = driver.Queues[0].Capacity,
                Queues = driver.Queues.Count,
                BackendNodes = backend.Features.ToDictionary(f => f.Key, f => f.Value),
                Sectors = backend.Disk.Sectors,
                SectorSize = backend.Disk.SectorSize,
            };
            return connection;
        }
        catch
        {
            driver?.Dispose();
            session?.Dispose();
            tap?.Dispose();
            vbd?.Dispose();
            store.Dispose();
            throw;
        }
    }

    public static TargetConnection Vbd(SourceWorkload source, string directory, ReplayOptions options, CancellationToken cancellationToken)
    {
        var transport = VbdDirectory.OpenFrontend(directory);
        FrontendDriver? driver = null;
        try
        {
            driver = FrontendDriver.Connect(transport, FrontendOptionsFor(source, options, TimeSpan.FromSeconds(10)), cancellationToken);
            if (driver.Disk.Sectors < source.DiskSectors)
            {
                throw new IOException($"--vbd {directory}: the backend's disk ({driver.Disk.Sectors} sectors) is smaller than the trace's ({source.DiskSectors} sectors)");
            }

            return new TargetConnection(driver, Stopwatch.GetTimestamp(), "replay") { _transport = transport, _vbdDirectory = directory };
        }
        catch
        {
            driver?.Dispose();
            transport.Dispose();
            throw;
        }
    }

    /// <summary>A backend reached through a transport opened here (a real Xen device from inside a guest).</summary>
    public static TargetConnection Transport(SourceWorkload source, string kind, Func<IFrontendTransport> open, ReplayOptions options, CancellationToken cancellationToken)
    {
        var transport = open();
        FrontendDriver? driver = null;
        try
        {
            driver = FrontendDriver.Connect(transport, FrontendOptionsFor(source, options, TimeSpan.FromSeconds(120)), cancellationToken);
            if (driver.Disk.Sectors < source.DiskSectors)
            {
                throw new IOException($"{transport.Description}: the backend's disk ({driver.Disk.Sectors} sectors) is smaller than the trace's ({source.DiskSectors} sectors)");
            }

            return new TargetConnection(driver, Stopwatch.GetTimestamp(), "replay") { _transport = transport, _transportKind = kind, _vbdDirectory = transport.Description };
        }
        catch
        {
            driver?.Dispose();
            transport.Dispose();
            throw;
        }
    }

    public void SetMetadata(Func<TraceMetadata, TraceMetadata> change)
    {
        if (_tap is not null)
        {
            _tap.Metadata = change(_tap.Metadata);
        }
    }

    public TargetSummary Summary()
    {
        var nodes = Driver.Features.Nodes.Where(kv => kv.Key.StartsWith("feature-", StringComparison.Ordinal) || kv.Key.Contains("max", StringComparison.Ordinal) || kv.Key.StartsWith("discard", StringComparison.Ordinal))
            .OrderBy(kv => kv.Key, StringComparer.Ordinal)
            .ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);
        return new TargetSummary(
            _transportKind ?? (_vbdDirectory is null ? "in-process" : "vbd"),
            _profile,
            _storeSpec,
            _vbdDirectory is null ? null : _transportKind is null ? Path.GetFullPath(_vbdDirectory) : _vbdDirectory,
            nodes,
            Driver.Disk.Sectors,
            Driver.Disk.SectorSize,
            Driver.RingPageOrder,
            Driver.Queues[0].Capacity);
    }

    /// <summary>Closes the device, stops the backend's rings and seals the replay trace.</summary>
    public void Finish()
    {
        if (_finished)
        {
            return;
        }

        _finished = true;
        Driver.Close();
        if (_session is not null)
        {
            // Wake the ring threads ourselves so they see the stop now, not at their sleep's timeout (50 ms a pair in a matrix).
            _session.BeginStop();
            foreach (var q in Driver.Queues)
            {
                q.Channel.Notify();
            }

            _session.Dispose();
        }

        if (_tap is not null)
        {
            _tap.Complete();
            if (_tap.Fault is { } fault)
            {
                throw new IOException("replay trace: " + fault.Message, fault);
            }
        }
    }

    public void Dispose()
    {
        try
        {
            Finish();
        }
        finally
        {
            Driver.Dispose();
            _session?.Dispose();
            _tap?.Dispose();
            _vbd?.Dispose();
            _store?.Dispose();
            _transport?.Dispose();
        }
    }

    private static FrontendOptions FrontendOptionsFor(SourceWorkload source, ReplayOptions options, TimeSpan handshakeTimeout)
    {
        int order = ReplayRunner.RingOrderFor(source, options);
        int ring = RingMath.RingSize(order, BlkifAbi.X86_64);
        int perRequest = Math.Min((source.MaxSectorsPerIntent + BlkifConstants.SectorsPerPage - 1) / BlkifConstants.SectorsPerPage, 256) + BlkifConstants.MaxIndirectPagesPerRequest;
        return new FrontendOptions
        {
            Queues = 1,
            RingPageOrder = order,
            Abi = BlkifAbi.X86_64,
            DataPagesPerQueue = Math.Clamp(ring * perRequest, 64, 16384),
            HandshakeTimeout = handshakeTimeout,
        };
    }
}
