namespace BlkTrace.Replay.Source;

/// <summary>What intent lifting saw: source requests, the rule each lifted one went by, and why others were skipped.</summary>
public sealed class LiftCounts
{
    /// <summary>Request rows read.</summary>
    public long Requests { get; internal set; }

    /// <summary>Response rows that answered no outstanding request (ignored).</summary>
    public long UnmatchedResponses { get; internal set; }

    /// <summary>Lifted requests never answered in the source.</summary>
    public long Unanswered { get; internal set; }

    /// <summary>Lifted requests per rule.</summary>
    public SortedDictionary<string, long> Lifted { get; } = new(StringComparer.Ordinal);

    /// <summary>Skipped requests per reason.</summary>
    public SortedDictionary<string, long> Skipped { get; } = new(StringComparer.Ordinal);

    /// <summary>The seq of the first skipped requests (at most 100), with their reason.</summary>
    public List<KeyValuePair<long, string>> FirstSkipped { get; } = [];

    internal void Lift(SourceOrigin origin)
    {
        string key = origin.ToString();
        Lifted[key] = Lifted.GetValueOrDefault(key) + 1;
    }

    internal void Skip(long seq, string reason)
    {
        Skipped[reason] = Skipped.GetValueOrDefault(reason) + 1;
        if (FirstSkipped.Count < 100)
        {
            FirstSkipped.Add(new(seq, reason));
        }
    }
}
