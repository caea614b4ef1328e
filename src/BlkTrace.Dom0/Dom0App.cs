using System.CommandLine;
using BlkTrace.Cli;
using BlkTrace.Cli.Commands;

namespace BlkTrace.Dom0;

/// <summary>
/// The <c>blkt-dom0</c> command line: <c>blkt backend</c> and nothing else, for a Xen dom0. Errors
/// follow <c>blkt</c>: bad input is one line on stderr and exit code 2, never a stack trace.
/// </summary>
public static class Dom0App
{
    /// <summary>Parses and runs one command line.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        var root = new RootCommand("blkt-dom0: the BlkTrace backend and its Parquet tap as one native file for a Xen dom0 (blkt backend --xen).")
        {
            BackendCommand.Create(),
            ConformanceCommand.Create(),
            GuestReplayCommand.Create(),
        };
        return await CliErrors.RunAsync(root, "blkt-dom0", args).ConfigureAwait(false);
    }
}
