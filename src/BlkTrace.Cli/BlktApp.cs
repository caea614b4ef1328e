using System.CommandLine;
using BlkTrace.Cli.Commands;

namespace BlkTrace.Cli;

/// <summary>
/// The <c>blkt</c> command line. Bad input (a bad option, a missing or corrupt file, a peer that
/// left garbage) is one line on stderr and exit code 2; never a stack trace.
/// </summary>
public static class BlktApp
{
    /// <summary>Parses and runs one command line.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        var root = BuildRoot();
        return await CliErrors.RunAsync(root, "blkt", args).ConfigureAwait(false);
    }

    /// <summary>The root command with every subcommand.</summary>
    public static RootCommand BuildRoot()
    {
        var root = new RootCommand("blkt: capture the Xen blkif ring, replay workloads under other barrier/flush strategies and backends, and compare what they cost and whether they are safe.");
        root.Subcommands.Add(RingBenchCommand.Create());
        root.Subcommands.Add(BackendCommand.Create());
        root.Subcommands.Add(ConformanceCommand.Create());
        root.Subcommands.Add(WorkloadCommand.Create());
        root.Subcommands.Add(InspectCommand.Create());
        root.Subcommands.Add(AnalyzeCommand.Create());
        root.Subcommands.Add(CompareCommand.Create());
        root.Subcommands.Add(ReplayCommand.Create());
        root.Subcommands.Add(MatrixCommand.Create());
        root.Subcommands.Add(ConvertCommand.Create());
        root.Subcommands.Add(CaptureCommand.Create());
        root.Subcommands.Add(ChartCommand.Create());
        root.Subcommands.Add(DemoCommand.Create());
        return root;
    }
}
