using System.Diagnostics;
using System.Text.Json;
using BlkTrace.Backend.Profiles;
using BlkTrace.Replay.Output;
using BlkTrace.Replay.Source;

namespace BlkTrace.Replay;

/// <summary>
/// Replays one trace under every strategy against every profile (in-process backends), one pair
/// after another, each into its own replay directory <c>DIR/STRATEGY_PROFILE/</c>, and writes
/// <c>DIR/matrix.json</c>. The trace is lifted once. <c>blkt matrix</c> and <c>blkt demo</c> call it.
/// </summary>
public static class MatrixRunner
{
    /// <summary>Lifts <paramref name="tracePath"/> and runs the matrix.</summary>
    public static MatrixResult Run(string tracePath, MatrixOptions options, string outputDirectory, Action<MatrixProgress>? progress = null, CancellationToken cancellationToken = default) =>
        Run(IntentLifter.Lift(tracePath), options, outputDirectory, progress, cancellationToken);

    /// <summary>Runs the matrix over an already lifted workload; stops between pairs when cancelled.</summary>
    public static MatrixResult Run(SourceWorkload source, MatrixOptions options, string outputDirectory, Action<MatrixProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(outputDirectory);
        options.Validate();
        options.Replay.Validate();
        string dir = Path.GetFullPath(outputDirectory);
        string matrixPath = Path.Combine(dir, MatrixResult.FileName);
        if (File.Exists(matrixPath) && !options.Replay.Force)
        {
            throw new IOException($"-o {dir}: already holds a matrix; pass --force to replace it");
        }

        Directory.CreateDirectory(dir);
        var watch = Stopwatch.StartNew();
        var cells = new List<MatrixCell>();
        int total = options.Strategies.Count * options.Profiles.Count;
        foreach (string strategy in options.Strategies)
        {
            foreach (string profileName in options.Profiles)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var profile = BackendProfiles.ByName(profileName);
                string name = $"{strategy}_{profileName}";
                string cellDir = Path.Combine(dir, name);
                string store = options.Store == "file" ? "file:" + Path.Combine(cellDir, "disk.img") : options.Store;
                if (options.Store == "file" && File.Exists(Path.Combine(cellDir, "disk.img")))
                {
                    File.Delete(Path.Combine(cellDir, "disk.img"));
                }

                int done = cells.Count;
                progress?.Invoke(new MatrixProgress(done, total, strategy, profileName, default));
                var result = ReplayRunner.Run(
                    source,
                    ReplayTarget.InProcessBackend(profile, store),
                    options.Replay with { Strategy = strategy, Force = true },
                    cellDir,
                    progress is null ? null : p => progress(new MatrixProgress(done, total, strategy, profileName, p)),
                    cancellationToken);
                cells.Add(Cell(strategy, profileName, name, result.Summary));
            }
        }

        var matrix = new MatrixResult(
            MatrixResult.SchemaName,
            1,
            source.Path,
            options.Store,
            options.Replay.Timing.ToString().ToLowerInvariant(),
            options.Strategies,
            options.Profiles,
            Math.Round(watch.Elapsed.TotalSeconds, 3),
            cells);
        string temp = matrixPath + ".tmp";
        File.WriteAllText(temp, JsonSerializer.Serialize(matrix, JsonOptions) + "\n");
        File.Move(temp, matrixPath, overwrite: true);
        var last = cells[^1];
        progress?.Invoke(new MatrixProgress(total, total, last.Strategy, last.Profile, default));
        return matrix;
    }

    /// <summary>Reads a <c>matrix.json</c> back.</summary>
    public static MatrixResult Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        string file = Directory.Exists(path) ? Path.Combine(path, MatrixResult.FileName) : path;
        try
        {
            return JsonSerializer.Deserialize<MatrixResult>(File.ReadAllText(file), JsonOptions) is { Schema: MatrixResult.SchemaName } m
                ? m
                : throw new InvalidDataException($"{file}: not a replay matrix");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{file}: not a replay matrix ({e.Message.ReplaceLineEndings(" ")})", e);
        }
    }

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
    };

    private static MatrixCell Cell(string strategy, string profile, string directory, ReplaySummary s)
    {
        var top = s.Flushes.Fates.Count > 0 ? s.Flushes.Fates[0] : null;
        return new MatrixCell(
            strategy,
            profile,
            directory,
            s.StrategyDetail,
            s.Throughput.Iops,
            s.LatencyUs.TryGetValue("all", out var all) ? all.P99 : 0,
            s.Flushes.Total,
            s.Flushes.ToldOkay,
            s.Flushes.ToldError,
            s.Flushes.ToldNotSupported,
            s.Flushes.ToldOkayWithoutRingOkay,
            top is null ? "no flushes" : $"{top.Became} → {top.RingStatus} → told {top.GuestStatus}",
            s.DurableWrites.ToldError,
            s.ExtraBytesWritten,
            s.Errors.GuestErrors,
            s.Verification.Failures,
            s.Errors.Abandoned)
        {
            Truncated = s.Truncated?.Reason,
        };
    }
}
