using System.Globalization;
using System.Text;

namespace BlkTrace.Frontend.Conformance;

/// <summary>
/// Renders outcomes of several backends side by side: one row per case, one column per backend, cells
/// O/E/N/-, and a last column that marks rows where the backends disagree. Also reads that text back,
/// so a table printed inside a guest can be compared on the host.
/// </summary>
public static class ConformanceTable
{
    /// <summary>A Markdown table of <paramref name="columns"/> (name → outcomes in suite order).</summary>
    public static string Format(IReadOnlyList<(string Name, IReadOnlyList<ConformanceOutcome> Outcomes)> columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        var sb = new StringBuilder();
        sb.Append("| case |");
        foreach (var (name, _) in columns)
        {
            sb.Append(CultureInfo.InvariantCulture, $" {name} |");
        }

        sb.Append(" differ |\n|---|");
        foreach (var _ in columns)
        {
            sb.Append(":-:|");
        }

        sb.Append(":-:|\n");
        foreach (var c in ConformanceSuite.Cases)
        {
            sb.Append(CultureInfo.InvariantCulture, $"| {c.Name} |");
            var cells = new List<string>(columns.Count);
            foreach (var (_, outcomes) in columns)
            {
                string cell = outcomes.FirstOrDefault(o => o.Case == c.Name).Cell ?? "?";
                cells.Add(cell);
                sb.Append(CultureInfo.InvariantCulture, $" {cell} |");
            }

            sb.Append(cells.Distinct(StringComparer.Ordinal).Count() > 1 ? " ≠ |\n" : " |\n");
        }

        return sb.ToString();
    }

    /// <summary>One line per outcome, <c>case cell [note]</c>, the form a guest prints on its console.</summary>
    public static string FormatLines(IReadOnlyList<ConformanceOutcome> outcomes, string prefix)
    {
        ArgumentNullException.ThrowIfNull(outcomes);
        var sb = new StringBuilder();
        foreach (var o in outcomes)
        {
            sb.Append(CultureInfo.InvariantCulture, $"{prefix}{o.Case} {o.Cell}");
            if (o.Note is not null)
            {
                sb.Append(CultureInfo.InvariantCulture, $" ({o.Note})");
            }

            sb.Append('\n');
        }

        return sb.ToString();
    }
}
