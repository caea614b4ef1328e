using System.Diagnostics;
using System.Globalization;
using BlkTrace.Analysis;
using Spectre.Console;

namespace BlkTrace.Cli;

/// <summary>
/// Progress of a trace scan, on stderr so stdout stays the report (or JSON): a Spectre.Console bar
/// when stderr is a terminal, a plain line every 5 s when it is redirected. Short scans show nothing.
/// </summary>
public static class ScanProgress
{
    /// <summary>Runs <paramref name="work"/>, handing it a progress sink.</summary>
    public static T Run<T>(string command, string name, Func<IProgress<AnalysisProgress>, T> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        if (Console.IsErrorRedirected)
        {
            var clock = Stopwatch.StartNew();
            long next = 5_000;
            return work(new Sink(p =>
            {
                if (clock.ElapsedMilliseconds >= next)
                {
                    next += 5_000;
                    Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"blkt {command}: {name}: {p.Rows:N0} of {p.TotalRows:N0} rows ({(p.TotalRows > 0 ? 100.0 * p.Rows / p.TotalRows : 100):F0} %)"));
                }
            }));
        }

        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        T result = default!;
        console.Progress().AutoClear(true).HideCompleted(true).Start(ctx =>
        {
            var task = ctx.AddTask(Markup.Escape(name), autoStart: true, maxValue: 1);
            result = work(new Sink(p =>
            {
                task.MaxValue = Math.Max(1, p.TotalRows);
                task.Value = p.Rows;
            }));
            task.Value = task.MaxValue;
        });
        return result;
    }

    /// <summary>Reports synchronously on the scanning thread (<see cref="Progress{T}"/> would post elsewhere).</summary>
    private sealed class Sink(Action<AnalysisProgress> report) : IProgress<AnalysisProgress>
    {
        public void Report(AnalysisProgress value) => report(value);
    }
}
