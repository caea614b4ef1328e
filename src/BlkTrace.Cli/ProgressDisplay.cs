using System.Diagnostics;
using System.Globalization;
using Spectre.Console;

namespace BlkTrace.Cli;

/// <summary>
/// Shows progress of long work: a Spectre.Console progress bar on an interactive terminal, a plain
/// line every few seconds when stdout is redirected (logs, CI), so either way the user sees it move.
/// </summary>
public static class ProgressDisplay
{
    /// <summary>
    /// Runs <paramref name="work"/>, handing it a reporter it may call from any thread with the fraction
    /// done (0..1) and a one-line status.
    /// </summary>
    public static T Run<T>(string title, Func<Action<double, string>, T> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        if (!Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive)
        {
            T result = default!;
            AnsiConsole.Progress()
                .AutoClear(true)
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
                .Start(ctx =>
                {
                    var task = ctx.AddTask(Markup.Escape(title), maxValue: 1);
                    result = work((fraction, text) =>
                    {
                        task.Value = Math.Clamp(fraction, 0, 1);
                        task.Description = Markup.Escape(text);
                    });
                    task.Value = 1;
                });
            return result;
        }

        var watch = Stopwatch.StartNew();
        long next = 2000;
        var gate = new Lock();
        return work((fraction, text) =>
        {
            lock (gate)
            {
                if (watch.ElapsedMilliseconds < next)
                {
                    return;
                }

                next = watch.ElapsedMilliseconds + 2000;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {watch.Elapsed.TotalSeconds,5:0} s  {fraction * 100,3:0}%  {text}"));
            }
        });
    }
}
