using BlkTrace.Backend.Profiles;
using BlkTrace.Replay.Strategies;

namespace BlkTrace.Replay;

/// <summary>What a strategy × profile matrix runs: every pair of the lists, in-process, with one replay's options.</summary>
public sealed record MatrixOptions
{
    /// <summary>Strategies (rows), <see cref="ReplayStrategies.Names"/> by default.</summary>
    public IReadOnlyList<string> Strategies { get; init; } = ReplayStrategies.Names;

    /// <summary>Backend profiles (columns), the eight of spec/blkif.md §5 by default.</summary>
    public IReadOnlyList<string> Profiles { get; init; } = [.. BackendProfiles.All.Select(p => p.Name)];

    /// <summary>
    /// The store of every pair: <c>null</c>, <c>mem[,cache]</c> (sizes default to the trace's disk), or
    /// <c>file</c> (each pair gets <c>disk.img</c> in its own directory). Default <c>mem,cache</c>: a
    /// volatile write cache, so profiles advertise what they would over a real disk with a cache.
    /// </summary>
    public string Store { get; init; } = "mem,cache";

    /// <summary>
    /// Options of each replay (<see cref="ReplayOptions.Strategy"/> is set per pair). Default: afap at QD 32.
    /// <see cref="ReplayOptions.TimeBudget"/> caps each pair, so a matrix of P pairs takes about P × budget.
    /// </summary>
    public ReplayOptions Replay { get; init; } = new() { Timing = TimingMode.Afap };

    /// <summary>Refuse nonsense with an <see cref="ArgumentException"/> naming the option.</summary>
    public void Validate()
    {
        if (Strategies.Count == 0 || Profiles.Count == 0)
        {
            throw new ArgumentException("--strategies/--profiles: the matrix needs at least one of each");
        }

        foreach (string s in Strategies)
        {
            _ = ReplayStrategies.Create(s, Replay.StrategyOptions);
        }

        foreach (string p in Profiles)
        {
            _ = BackendProfiles.ByName(p);
        }

        if (Store.StartsWith("file:", StringComparison.Ordinal))
        {
            throw new ArgumentException($"--store {Store}: a matrix gives every pair its own image; say just 'file'");
        }
    }
}
