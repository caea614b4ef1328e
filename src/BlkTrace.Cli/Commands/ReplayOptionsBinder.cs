using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using BlkTrace.Replay;
using BlkTrace.Replay.Strategies;

namespace BlkTrace.Cli.Commands;

/// <summary>The options <c>blkt replay</c> and <c>blkt matrix</c> share: timing, seed, checks, strategy knobs.</summary>
public sealed class ReplayOptionsBinder
{
    /// <summary>Creates the options.</summary>
    public ReplayOptionsBinder(TimingMode defaultTiming)
    {
        Timing = CliOptions.Choice("--timing", "original: open loop at the recorded times; afap: as fast as possible (--qd); closed: wait for what had completed in the source, then the think time", defaultTiming.ToString().ToLowerInvariant(), "original", "afap", "closed");
        Speed = new Option<double>("--speed")
        {
            Description = "speed factor of original and closed timing (2: twice as fast)",
            DefaultValueFactory = _ => 1,
            CustomParser = r =>
            {
                string token = r.Tokens.Count > 0 ? r.Tokens[0].Value : string.Empty;
                if (double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && v > 0 && v <= 1e6)
                {
                    return v;
                }

                r.AddError($"--speed: '{token}' is not a positive factor");
                return 1;
            },
        };
        QueueDepth = CliOptions.Int("--qd", "intents in flight at most with --timing afap", 32, 1, 512);
        Seed = CliOptions.Count("--seed", "seed stamped into every sector written", 1, 0);
        NoVerify = new Option<bool>("--no-verify") { Description = "do not check the data of reads" };
        CacheRefresh = CliOptions.Choice("--cache-refresh", "cache-replay and xdf: refresh the cached block on writes that cover it (off reproduces the reverted-data hazard)", "on", "on", "off");
        Blkfront = CliOptions.Choice("--blkfront", "linux-blkfront: which kernel's answer to a failed flush (6.10 and 6.11 both report success; report-errors is the unmerged first posting)", "6.10", "6.10", "6.11", "report-errors");
        Limit = CliOptions.Int("--limit", "replay only the first N intents (0: all)", 0, 0);
        Force = new Option<bool>("--force") { Description = "replay over an existing file store and replace an existing output directory" };
        TimeBudget = CliOptions.Duration("--time-budget", "stop starting intents after this long (e.g. 30s, 2m; a matrix: per pair); the source is cut at an intent boundary and the summary says where");
        RealtimeIssuer = new Option<bool>("--realtime-issuer") { Description = "original/closed timing: ask SCHED_FIFO for the issuing thread (root or CAP_SYS_NICE; ignored when refused) for a tighter issue-time tail" };
    }

    /// <summary><c>--time-budget</c>.</summary>
    public Option<TimeSpan?> TimeBudget { get; }

    /// <summary><c>--realtime-issuer</c>.</summary>
    public Option<bool> RealtimeIssuer { get; }

    /// <summary><c>--timing</c>.</summary>
    public Option<string> Timing { get; }

    /// <summary><c>--speed</c>.</summary>
    public Option<double> Speed { get; }

    /// <summary><c>--qd</c>.</summary>
    public Option<int> QueueDepth { get; }

    /// <summary><c>--seed</c>.</summary>
    public Option<long> Seed { get; }

    /// <summary><c>--no-verify</c>.</summary>
    public Option<bool> NoVerify { get; }

    /// <summary><c>--cache-refresh</c>.</summary>
    public Option<string> CacheRefresh { get; }

    /// <summary><c>--blkfront</c>.</summary>
    public Option<string> Blkfront { get; }

    /// <summary><c>--limit</c>.</summary>
    public Option<int> Limit { get; }

    /// <summary><c>--force</c>.</summary>
    public Option<bool> Force { get; }

    /// <summary>Adds every option to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        foreach (Option o in new Option[] { Timing, Speed, QueueDepth, Seed, NoVerify, CacheRefresh, Blkfront, Limit, Force, TimeBudget, RealtimeIssuer })
        {
            command.Options.Add(o);
        }
    }

    /// <summary>The replay options the command line says.</summary>
    public ReplayOptions Bind(ParseResult parse, string strategy)
    {
        ArgumentNullException.ThrowIfNull(parse);
        return new ReplayOptions
        {
            Strategy = strategy,
            Timing = Enum.Parse<TimingMode>(parse.GetValue(Timing)!, ignoreCase: true),
            Speed = parse.GetValue(Speed),
            QueueDepth = parse.GetValue(QueueDepth),
            Seed = (ulong)parse.GetValue(Seed),
            Verify = !parse.GetValue(NoVerify),
            Limit = parse.GetValue(Limit),
            Force = parse.GetValue(Force),
            TimeBudget = parse.GetValue(TimeBudget),
            RealtimeIssuer = parse.GetValue(RealtimeIssuer),
            StrategyOptions = new StrategyOptions
            {
                CacheRefresh = parse.GetValue(CacheRefresh) == "on",
                Blkfront = parse.GetValue(Blkfront) switch
                {
                    "6.11" => LinuxBlkfrontVersion.From611,
                    "report-errors" => LinuxBlkfrontVersion.ReportErrors,
                    _ => LinuxBlkfrontVersion.UpTo610,
                },
            },
        };
    }
}
