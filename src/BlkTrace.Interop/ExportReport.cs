using System.Globalization;

namespace BlkTrace.Interop;

/// <summary>What an export wrote and what it had to leave out (counted, never silently).</summary>
public sealed class ExportReport
{
    private readonly SortedDictionary<string, long> _actions = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, long> _skipped = new(StringComparer.Ordinal);

    /// <summary>The format written, e.g. <c>blktrace-v7</c>, <c>fio-iolog-v3</c>.</summary>
    public required string Format { get; init; }

    /// <summary>Files written, in order.</summary>
    public List<string> Files { get; } = [];

    /// <summary>Request rows read.</summary>
    public long Requests { get; set; }

    /// <summary>Response rows read.</summary>
    public long Responses { get; set; }

    /// <summary>Records or lines written.</summary>
    public long Written { get; set; }

    /// <summary>
    /// Records or lines written per action: blktrace letters (<c>Q</c>, <c>D</c>, <c>C</c>, …) or fio
    /// actions (<c>read</c>, <c>write</c>, <c>datasync</c>, <c>trim</c>, <c>wait</c>).
    /// </summary>
    public IReadOnlyDictionary<string, long> Actions => _actions;

    /// <summary>Rows left out, by reason (<c>store_flush_rows</c>, <c>unpaired_responses</c>, <see cref="ImportWarnings.UnexportableOps"/>, …).</summary>
    public IReadOnlyDictionary<string, long> Skipped => _skipped;

    /// <summary>Counts one written record or line of an action.</summary>
    public void Count(string action, long n = 1)
    {
        _actions[action] = _actions.GetValueOrDefault(action) + n;
        Written += n;
    }

    /// <summary>The count of one action (0 when none).</summary>
    public long Action(string action) => _actions.GetValueOrDefault(action);

    /// <summary>Counts a row left out.</summary>
    public void Skip(string reason, long n = 1)
    {
        if (n > 0)
        {
            _skipped[reason] = _skipped.GetValueOrDefault(reason) + n;
        }
    }

    /// <summary>One line: what was written and what was left out.</summary>
    public string Summary()
    {
        string actions = string.Join(' ', _actions.Select(a => string.Create(CultureInfo.InvariantCulture, $"{a.Key}={a.Value:N0}")));
        string skipped = _skipped.Count == 0
            ? "nothing left out"
            : "left out: " + string.Join(", ", _skipped.Select(s => string.Create(CultureInfo.InvariantCulture, $"{s.Value:N0} {s.Key}")));
        return string.Create(CultureInfo.InvariantCulture,
            $"{Format}: {Requests:N0} requests, {Responses:N0} responses -> {Written:N0} records in {Files.Count} file(s) ({actions}); {skipped}");
    }
}
