using BlkTrace.Protocol.Blkif;
using BlkTrace.Trace.Intents;

namespace BlkTrace.Replay.Engine;

/// <summary>Turning the run's outcomes into intent-log rows.</summary>
internal sealed partial class ReplayEngine
{
    /// <summary>Workload intents issued (they are a prefix of the run: intents start in order).</summary>
    public int Issued
    {
        get
        {
            int n = 0;
            while (n < _count && Results.Issue[n] != 0)
            {
                n++;
            }

            return n;
        }
    }

    /// <summary>
    /// One row per intent issued: the connect-time ones first, then the workload's in issue order.
    /// <c>ring_ids</c> lists every request sent for the intent in submission order.
    /// </summary>
    public List<IntentRecord> BuildRecords()
    {
        int issued = Issued;
        var counts = new int[issued + 1];
        var ringIntent = Results.RingIntent;
        var ringId = Results.RingId;
        foreach (int i in ringIntent)
        {
            if (i < issued)
            {
                counts[i + 1]++;
            }
        }

        for (int i = 0; i < issued; i++)
        {
            counts[i + 1] += counts[i];
        }

        var ids = new ulong[counts[issued]];
        var fill = counts.AsSpan(0, issued).ToArray();
        for (int k = 0; k < ringIntent.Length; k++)
        {
            int i = ringIntent[k];
            if (i < issued)
            {
                ids[fill[i]++] = ringId[k];
            }
        }

        var rows = new List<IntentRecord>(_connectRecords.Count + issued);
        rows.AddRange(_connectRecords);
        int offset = _connectRecords.Count;
        for (int i = 0; i < issued; i++)
        {
            var src = _source.Intents[i];
            ulong sector = src.Sector;
            int sectors = src.Sectors;
            long generation = Results.Generation[i];
            if (Results.Rewrites.TryGetValue(i, out var rewrite))
            {
                (sector, sectors, generation) = rewrite;
            }

            long done = Results.Done[i];
            short guest = Results.Guest[i];
            rows.Add(new IntentRecord(
                offset + i,
                src.Kind,
                sector,
                sectors,
                generation,
                ToTraceNs(Results.Issue[i]),
                done != 0 ? ToTraceNs(done) : null,
                guest != IntentResults.NoStatus ? (BlkifStatus)guest : null,
                ids[counts[i]..counts[i + 1]],
                Results.Notes[i]));
        }

        return rows;
    }
}
