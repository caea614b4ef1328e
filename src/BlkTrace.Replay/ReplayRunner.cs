using System.Globalization;
using System.Runtime.ExceptionServices;
using BlkTrace.Protocol.Ring;
using BlkTrace.Replay.Engine;
using BlkTrace.Replay.Output;
using BlkTrace.Replay.Source;
using BlkTrace.Replay.Strategies;
using BlkTrace.Trace;
using BlkTrace.Trace.Intents;

namespace BlkTrace.Replay;

/// <summary>
/// Replays a captured trace under a strategy against a target and writes the replay directory:
/// <c>trace/</c> (the ring as the in-process backend's tap recorded it, store flushes included),
/// <c>intents.parquet</c> (what the guest asked and was told) and <c>summary.json</c>.
/// </summary>
public static class ReplayRunner
{
    /// <summary>The replay trace's directory name inside a replay directory.</summary>
    public const string TraceDirectoryName = "trace";

    /// <summary>Lifts <paramref name="tracePath"/> and replays it (see the other overload).</summary>
    public static ReplayResult Run(string tracePath, ReplayTarget target, ReplayOptions options, string outputDirectory, Action<ReplayProgress>? progress = null, CancellationToken cancellationToken = default) =>
        Run(IntentLifter.Lift(tracePath), target, options, outputDirectory, progress, cancellationToken);

    /// <summary>
    /// Replays <paramref name="source"/>. Bad input (options, a store spec, an existing file without
    /// <see cref="ReplayOptions.Force"/>, an unreachable vbd) is an <see cref="ArgumentException"/>,
    /// <see cref="IOException"/> or transport exception with a one-line message; the replay itself
    /// never throws on what the backend answers — that is what it reports.
    /// </summary>
    public static ReplayResult Run(SourceWorkload source, ReplayTarget target, ReplayOptions options, string outputDirectory, Action<ReplayProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(outputDirectory);
        options.Validate();
        if (source.Intents.Count == 0)
        {
            throw new InvalidDataException($"{source.Path}: no request in the trace can be replayed");
        }

        var strategy = ReplayStrategies.Create(options.Strategy, options.StrategyOptions);
        string dir = Path.GetFullPath(outputDirectory);
        string? storeSpec = target.InProcess ? ReplayStoreSpec.Resolve(target.Store!, source.DiskSectors, options.Force) : null;
        PrepareDirectory(dir, options.Force);
        var metadata = Metadata(source, target, options, storeSpec);
        using var connection = target.InProcess
            ? TargetConnection.InProcess(source, target, storeSpec!, options, Path.Combine(dir, TraceDirectoryName), metadata, cancellationToken)
            : target.OpenFrontend is { } open
                ? TargetConnection.Transport(source, target.TransportKind!, open, options, cancellationToken)
                : TargetConnection.Vbd(source, target.VbdDirectory!, options, cancellationToken);
        string? verifyOff = !options.Verify ? "turned off" : connection.StoreKind == "null" ? "the null store moves no data" : null;
        var engine = new ReplayEngine(connection.Driver, strategy, source, options, connection.ClockOrigin, verifyOff is null);
        var started = DateTime.UtcNow;
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                engine.Connect();
                connection.SetMetadata(m => m with { Extra = WithExtra(m.Extra, ReplayMetadataKeys.StrategyDetail, strategy.Detail) });
                engine.Run(progress is null ? null : (done, total) => progress(new ReplayProgress(done, total, DateTime.UtcNow - started, engine.Truncated)), cancellationToken);
            }
            catch (Exception e)
            {
                failure = e;
            }
        })
        { IsBackground = true, Name = "blkt-replay" };
        thread.Start();
        thread.Join();
        if (failure is not null)
        {
            ExceptionDispatchInfo.Capture(failure).Throw();
        }

        long unexpected = connection.Driver.Queues[0].UnexpectedResponses;
        var targetSummary = connection.Summary();
        connection.Finish();
        string intentsPath = Path.Combine(dir, IntentLogSchema.FileName);
        IntentLogWriter.Write(intentsPath, engine.BuildRecords(), IntentKeyValues(metadata, strategy, connection));
        var outputs = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["trace"] = target.InProcess ? TraceDirectoryName : null,
            ["intents"] = IntentLogSchema.FileName,
        };
        var summary = SummaryBuilder.Build(engine, source, options, strategy, targetSummary, outputs, unexpected, verifyOff);
        string summaryPath = Path.Combine(dir, ReplaySummary.FileName);
        SummaryJson.Write(summaryPath, summary);
        return new ReplayResult(dir, summary, target.InProcess ? Path.Combine(dir, TraceDirectoryName) : null, intentsPath, summaryPath) { Diagnostics = engine.Diagnostics };
    }

    /// <summary>A directory name from the strategy and the target: <c>replay-xdf-linux-2.6.18</c>, <c>replay-auto-vbd</c>.</summary>
    public static string DefaultOutputDirectory(string strategy, ReplayTarget target)
    {
        ArgumentNullException.ThrowIfNull(target);
        return $"replay-{strategy}-{(target.InProcess ? target.Profile!.Name : target.TransportKind ?? "vbd")}";
    }

    /// <summary>The ring order a replay asks for: the source's, or enough slots for the afap queue depth.</summary>
    internal static int RingOrderFor(SourceWorkload source, ReplayOptions options)
    {
        int order = source.RingPageOrder;
        while (order < RingMath.MaxPageOrder && options.Timing == TimingMode.Afap && (32 << order) < options.QueueDepth)
        {
            order++;
        }

        return Math.Clamp(order, 0, RingMath.MaxPageOrder);
    }

    private static void PrepareDirectory(string dir, bool force)
    {
        string[] ours = [ReplaySummary.FileName, IntentLogSchema.FileName, TraceDirectoryName];
        if (File.Exists(dir))
        {
            throw new IOException($"-o {dir}: is a file");
        }

        if (Directory.Exists(dir))
        {
            bool holds = ours.Any(n => File.Exists(Path.Combine(dir, n)) || Directory.Exists(Path.Combine(dir, n)));
            if (holds && !force)
            {
                throw new IOException($"-o {dir}: already holds a replay; pass --force to replace it");
            }

            foreach (string n in ours)
            {
                string p = Path.Combine(dir, n);
                if (Directory.Exists(p))
                {
                    Directory.Delete(p, recursive: true);
                }
                else if (File.Exists(p))
                {
                    File.Delete(p);
                }
            }
        }

        Directory.CreateDirectory(dir);
    }

    private static TraceMetadata Metadata(SourceWorkload source, ReplayTarget target, ReplayOptions options, string? storeSpec)
    {
        var extra = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            [ReplayMetadataKeys.Speed] = options.Speed.ToString("R", CultureInfo.InvariantCulture),
            [ReplayMetadataKeys.QueueDepth] = options.QueueDepth.ToString(CultureInfo.InvariantCulture),
            [ReplayMetadataKeys.Seed] = options.Seed.ToString(CultureInfo.InvariantCulture),
        };
        if (options.Strategy is ReplayStrategies.CacheReplay or ReplayStrategies.Xdf or ReplayStrategies.Auto)
        {
            extra[ReplayMetadataKeys.CacheRefresh] = options.StrategyOptions.CacheRefresh ? "on" : "off";
        }

        if (options.Strategy == ReplayStrategies.LinuxBlkfront)
        {
            extra[ReplayMetadataKeys.Blkfront] = BlkfrontName(options.StrategyOptions.Blkfront);
        }

        return new TraceMetadata
        {
            Profile = target.InProcess ? target.Profile!.Name : null,
            Store = storeSpec,
            Strategy = options.Strategy,
            TimingMode = options.Timing.ToString().ToLowerInvariant(),
            SourceTrace = source.Path,
            Writer = "blkt replay",
            Extra = extra,
        };
    }

    /// <summary><c>6.10</c>, <c>6.11</c> or <c>report-errors</c>.</summary>
    public static string BlkfrontName(LinuxBlkfrontVersion version) => version switch
    {
        LinuxBlkfrontVersion.UpTo610 => "6.10",
        LinuxBlkfrontVersion.From611 => "6.11",
        _ => "report-errors",
    };

    private static Dictionary<string, string> IntentKeyValues(TraceMetadata metadata, IReplayStrategy strategy, TargetConnection connection)
    {
        var kv = new Dictionary<string, string>(StringComparer.Ordinal);
        void Put(string key, string? value)
        {
            if (value is not null)
            {
                kv[key] = value;
            }
        }

        Put(TraceMetadataKeys.Strategy, metadata.Strategy);
        Put(TraceMetadataKeys.TimingMode, metadata.TimingMode);
        Put(TraceMetadataKeys.Profile, metadata.Profile);
        Put(TraceMetadataKeys.Store, metadata.Store);
        Put(TraceMetadataKeys.SourceTrace, metadata.SourceTrace);
        Put(TraceMetadataKeys.Writer, metadata.Writer);
        foreach (var (k, v) in metadata.Extra)
        {
            kv[k] = v;
        }

        kv[ReplayMetadataKeys.StrategyDetail] = strategy.Detail;
        kv[ReplayMetadataKeys.IntentClock] = connection.IntentClock;
        kv[ReplayMetadataKeys.ClockOriginUtc] = connection.ClockOriginUtc.ToString("O", CultureInfo.InvariantCulture);
        return kv;
    }

    private static SortedDictionary<string, string> WithExtra(IReadOnlyDictionary<string, string> extra, string key, string value)
    {
        var copy = new SortedDictionary<string, string>(extra.ToDictionary(kv => kv.Key, kv => kv.Value), StringComparer.Ordinal)
        {
            [key] = value,
        };
        return copy;
    }
}
