namespace BlkTrace.Replay.Strategies;

/// <summary>The strategies by name (design.md §5).</summary>
public static class ReplayStrategies
{
    /// <summary><c>native-flush</c>.</summary>
    public const string NativeFlush = "native-flush";

    /// <summary><c>zero-byte</c>.</summary>
    public const string ZeroByte = "zero-byte";

    /// <summary><c>cache-replay</c>.</summary>
    public const string CacheReplay = "cache-replay";

    /// <summary><c>write-through</c>.</summary>
    public const string WriteThrough = "write-through";

    /// <summary><c>linux-blkfront</c>.</summary>
    public const string LinuxBlkfront = "linux-blkfront";

    /// <summary><c>xdf</c>.</summary>
    public const string Xdf = "xdf";

    /// <summary><c>auto</c>.</summary>
    public const string Auto = "auto";

    /// <summary>Every name, in the order of design.md §5.</summary>
    public static IReadOnlyList<string> Names { get; } = [NativeFlush, ZeroByte, CacheReplay, WriteThrough, LinuxBlkfront, Xdf, Auto];

    /// <summary>A fresh strategy called <paramref name="name"/>; an <see cref="ArgumentException"/> naming the choices otherwise.</summary>
    public static IReplayStrategy Create(string name, StrategyOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        var o = options ?? new StrategyOptions();
        return name switch
        {
            NativeFlush => new NativeFlushStrategy(),
            ZeroByte => new ZeroByteStrategy(),
            CacheReplay => new CacheReplayStrategy(o),
            WriteThrough => new WriteThroughStrategy(),
            LinuxBlkfront => new LinuxBlkfrontStrategy(o),
            Xdf => new XdfStrategy(o),
            Auto => new AutoStrategy(o),
            _ => throw new ArgumentException($"--strategy {name}: unknown strategy ({string.Join(", ", Names)})"),
        };
    }
}
