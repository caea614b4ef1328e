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
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            await Console.Error.WriteLineAsync("blkt-dom0: " + CliErrors.OneLine(parse.Errors[0].Message)).ConfigureAwait(false);
            return ExitCodes.BadInput;
        }

        try
        {
            return await parse.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false }).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return ExitCodes.Interrupted;
        }
        catch (Exception e) when (CliErrors.IsBadInput(e))
        {
            await Console.Error.WriteLineAsync("blkt-dom0: " + CliErrors.OneLine(e.Message)).ConfigureAwait(false);
            return ExitCodes.BadInput;
        }
        catch (Exception e)
        {
            await Console.Error.WriteLineAsync($"blkt-dom0: internal error ({e.GetType().Name}): {CliErrors.OneLine(e.Message)}").ConfigureAwait(false);
            return ExitCodes.Failure;
        }
    }
}
