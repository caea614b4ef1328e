using System.Collections.Concurrent;
using BlkTrace.Backend.Profiles;
using BlkTrace.Replay;
using BlkTrace.Replay.Source;
using BlkTrace.Tests.Trace;
using BlkTrace.Trace.Intents;
using BlkTrace.Trace.Storage;

namespace BlkTrace.Tests.Replay;

/// <summary>Runs real replays (in-process backend, tap, files on disk) and reads everything back.</summary>
public static class ReplayHarness
{
    private static readonly ConcurrentDictionary<string, Lazy<ReplayRun>> Cache = new();

    public static ReplayRun Run(SourceWorkload source, string strategy, string profile, string store = "mem,cache", ReplayOptions? options = null)
    {
        using var dir = new TempDirectory();
        var o = (options ?? new ReplayOptions { Timing = TimingMode.Afap }) with { Strategy = strategy };
        var result = ReplayRunner.Run(source, ReplayTarget.InProcessBackend(BackendProfiles.ByName(profile), store), o, dir.Combine("out"));
        using var reader = TraceReader.Open(result.TracePath!);
        var metadata = reader.Metadata;
        var rows = reader.ReadAllRows();
        var intents = IntentLogReader.Read(result.IntentsPath);
        return new ReplayRun(result, rows, metadata, intents);
    }

    /// <summary>One replay per key for the whole test run (contract tests share it).</summary>
    public static ReplayRun Cached(string key, Func<ReplayRun> run) =>
        Cache.GetOrAdd(key, _ => new Lazy<ReplayRun>(run, LazyThreadSafetyMode.ExecutionAndPublication)).Value;
}
