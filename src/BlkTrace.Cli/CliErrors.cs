using System.CommandLine;
using BlkTrace.Protocol.Transport;

namespace BlkTrace.Cli;

/// <summary>Which exceptions are the user's input going wrong, and how to say so in one line.</summary>
public static class CliErrors
{
    /// <summary>True for errors caused by input: files, options, peers.</summary>
    public static bool IsBadInput(Exception e) => e is TransportException
        or InvalidDataException
        or IOException
        or UnauthorizedAccessException
        or CliUsageException
        or ArgumentException
        or FormatException;

    /// <summary>Collapses a message to one line.</summary>
    public static string OneLine(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        string flat = message.ReplaceLineEndings(" ").Trim();
        return flat.Length > 400 ? flat[..400] + "…" : flat;
    }

    /// <summary>
    /// Parses and runs one command line under <paramref name="root"/> the way every BlkTrace binary
    /// does: a parse error or bad input is one line on stderr prefixed with <paramref name="name"/> and
    /// exit code 2, Ctrl-C is <see cref="ExitCodes.Interrupted"/>, anything else one line naming the
    /// exception type — never a stack trace.
    /// </summary>
    public static async Task<int> RunAsync(RootCommand root, string name, string[] args)
    {
        ArgumentNullException.ThrowIfNull(root);
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            await Console.Error.WriteLineAsync(name + ": " + OneLine(parse.Errors[0].Message)).ConfigureAwait(false);
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
        catch (Exception e) when (IsBadInput(e))
        {
            await Console.Error.WriteLineAsync(name + ": " + OneLine(e.Message)).ConfigureAwait(false);
            return ExitCodes.BadInput;
        }
        catch (Exception e)
        {
            await Console.Error.WriteLineAsync($"{name}: internal error ({e.GetType().Name}): {OneLine(e.Message)}").ConfigureAwait(false);
            return ExitCodes.Failure;
        }
    }
}
