namespace BlkTrace.Trace.Intents;

/// <summary>
/// Counts what flush intents became: the requests sent, the worst ring status, and what the guest
/// was told ("OKAY", "ERROR", "EOPNOTSUPP" or "never"). One tally for the replay's summary.json and
/// for the analysis of an intent log, so both count a fate the same way.
/// </summary>
public sealed class FlushFateTally
{
    private readonly Dictionary<(string Became, string Ring, string Guest), long> _fates = [];

    public long Total { get; private set; }

    public long Okay { get; private set; }

    public long Error { get; private set; }

    public long NotSupported { get; private set; }

    public long Never { get; private set; }

    /// <summary>Told OKAY although the ring did not answer OKAY (or nothing was sent).</summary>
    public long OkayWithoutRingOkay { get; private set; }

    public void Add(string became, string ringStatus, string guestStatus)
    {
        Total++;
        switch (guestStatus)
        {
            case "OKAY":
                Okay++;
                OkayWithoutRingOkay += ringStatus == "OKAY" ? 0 : 1;
                break;
            case "ERROR":
                Error++;
                break;
            case "EOPNOTSUPP":
                NotSupported++;
                break;
            case "never":
                Never++;
                break;
        }

        var key = (became, ringStatus, guestStatus);
        _fates[key] = _fates.GetValueOrDefault(key) + 1;
    }

    /// <summary>The fates, most frequent first, ties in ordinal order of their names (deterministic output).</summary>
    public IEnumerable<(string Became, string Ring, string Guest, long Count)> Fates() =>
        _fates.OrderByDescending(kv => kv.Value)
            .ThenBy(kv => kv.Key.Became, StringComparer.Ordinal)
            .ThenBy(kv => kv.Key.Ring, StringComparer.Ordinal)
            .ThenBy(kv => kv.Key.Guest, StringComparer.Ordinal)
            .Select(kv => (kv.Key.Became, kv.Key.Ring, kv.Key.Guest, kv.Value));
}
