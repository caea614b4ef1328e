using BlkTrace.Protocol.Blkif;
using BlkTrace.Trace;
using BlkTrace.Trace.Intents;

namespace BlkTrace.Analysis.Durability;

/// <summary>
/// What crash-state exploration needs from a replay, precomputed once: every ring write with where
/// it was issued, answered and first covered by a store flush; which intent (and so which data
/// generation) each belongs to; the disk cut into ranges that the same writes cover; and the
/// guest's promises (flushes told OK) and ordering points.
/// </summary>
/// <remarks>
/// Positions are row indices in trace order. A crash at position c means rows [0, c) happened.
/// Under the dm-log-writes rule a store-flush row at position s makes durable every write whose
/// response is before s; any other write issued before the crash may or may not be durable.
/// Times (for what the guest was told) are compared against the running maximum of <c>ts_ns</c>,
/// so a slightly unordered multi-queue capture still maps times to positions monotonically.
/// </remarks>
internal sealed class CrashModel
{
    private CrashModel()
    {
    }

    /// <summary>Rows in the trace.</summary>
    public int Rows { get; private set; }

    /// <summary>Running maximum of <c>ts_ns</c> by position.</summary>
    public long[] TsAt { get; private set; } = [];

    /// <summary><c>seq</c> by position.</summary>
    public long[] SeqAt { get; private set; } = [];

    /// <summary>Every data-carrying ring write answered OKAY or still in flight at the end.</summary>
    public RingWrite[] Writes { get; private set; } = [];

    /// <summary>Start of range i is <c>Boundaries[i]</c>, its end <c>Boundaries[i + 1]</c>.</summary>
    public ulong[] Boundaries { get; private set; } = [];

    /// <summary>The writes covering range i are <c>Cells[CellStart[i] .. CellStart[i + 1])</c>, ordered by response position.</summary>
    public int[] CellStart { get; private set; } = [];

    /// <summary>See <see cref="CellStart"/>.</summary>
    public int[] Cells { get; private set; } = [];

    /// <summary>Positions of the responses to flushes and barriers (the crash points that matter most).</summary>
    public List<int> FlushResponses { get; } = [];

    /// <summary>Write intents that reached the ring, in intent order.</summary>
    public List<WriteIntent> WriteIntents { get; } = [];

    /// <summary>Flush intents told OK: (issue, done, intent), sorted by done.</summary>
    public List<(long Issue, long Done, long Intent)> Promises { get; } = [];

    /// <summary>Flushes and durable-ordered writes told OK: (issue, done, intent), sorted by issue.</summary>
    public List<(long Issue, long Done, long Intent)> OrderingPoints { get; } = [];

    public long StoreFlushes { get; private set; }

    public long FailedWrites { get; private set; }

    public long UnmappedWrites { get; private set; }

    public long Intents { get; private set; }

    public long FlushesToldOkayWithoutRequest { get; private set; }

    /// <summary>The crash time of position c: the (running-max) time of the row that did not happen, or +∞ after the last row.</summary>
    public long CrashTime(int c) => c < Rows ? TsAt[c] : long.MaxValue;

    /// <summary>The <c>seq</c> the crash came before (last seq + 1 after the end).</summary>
    public long CrashSeq(int c) => c < Rows ? SeqAt[c] : (Rows > 0 ? SeqAt[Rows - 1] + 1 : 0);

    /// <summary>The first position whose time is after <paramref name="ts"/> (a crash just after the guest learnt of something at ts).</summary>
    public int FirstAfter(long ts)
    {
        int lo = 0;
        int hi = Rows;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (TsAt[mid] > ts)
            {
                hi = mid;
            }
            else
            {
                lo = mid + 1;
            }
        }

        return lo;
    }

    public static CrashModel Build(IEnumerable<RingEventBatch> batches, IReadOnlyList<IntentRecord> intents, long maxCells)
    {
        var model = new CrashModel();
        var storeFlushes = model.ScanRing(batches);
        model.Cover(storeFlushes);
        model.MapIntents(intents);
        model.BuildRanges(maxCells);
        return model;
    }

    private List<int> ScanRing(IEnumerable<RingEventBatch> batches)
    {
        var ts = new List<long>();
        var seqs = new List<long>();
        var writes = new List<RingWrite>();
        var storeFlushes = new List<int>();
        var pendingWrites = new Dictionary<(short, ulong), int>();
        var pendingFlushes = new HashSet<(short, ulong)>();
        long maxTs = long.MinValue;
        foreach (var b in batches)
        {
            var seq = b.Seq;
            var time = b.TsNs;
            var kind = b.Kind;
            var queue = b.Queue;
            var id = b.Id;
            for (int i = 0; i < b.Count; i++)
            {
                int pos = ts.Count;
                maxTs = Math.Max(maxTs, time[i]);
                ts.Add(maxTs);
                seqs.Add(seq[i]);
                var key = (queue[i], id[i]);
                switch (kind[i])
                {
                    case RingEventKind.Request:
                        var op = OpClasses.Classify(b.Op[i], b.IndirectOp[i], b.HasIndirectOp[i], b.NrSegments[i]);
                        if (CarriesData(op, b.NrSectors[i]))
                        {
                            pendingWrites[key] = writes.Count;
                            writes.Add(new RingWrite
                            {
                                Id = id[i],
                                ReqPos = pos,
                                RspPos = int.MaxValue,
                                CoverPos = int.MaxValue,
                                Sector = b.Sector[i],
                                NrSectors = b.NrSectors[i],
                                Intent = -1,
                                IsFlush = OpClasses.IsFlush(op),
                            });
                        }
                        else if (OpClasses.IsFlush(op))
                        {
                            pendingFlushes.Add(key);
                        }

                        break;
                    case RingEventKind.Response:
                        if (pendingWrites.Remove(key, out int w))
                        {
                            var rw = writes[w];
                            rw.RspPos = pos;
                            rw.Failed = !b.HasStatus[i] || b.Status[i] != BlkifStatus.Okay;
                            writes[w] = rw;
                            if (rw.IsFlush)
                            {
                                FlushResponses.Add(pos);
                            }
                        }
                        else if (pendingFlushes.Remove(key))
                        {
                            FlushResponses.Add(pos);
                        }

                        break;
                    case RingEventKind.StoreFlush:
                        storeFlushes.Add(pos);
                        break;
                }
            }
        }

        Rows = ts.Count;
        TsAt = [.. ts];
        SeqAt = [.. seqs];
        Writes = [.. writes];
        StoreFlushes = storeFlushes.Count;
        return storeFlushes;
    }

    /// <summary>A ring request that puts data on the disk: WRITE, a barrier with segments, a flush carrying data.</summary>
    private static bool CarriesData(OpClass op, int nrSectors) =>
        op is OpClass.Write or OpClass.DataBarrier || (op == OpClass.Flush && nrSectors > 0);

    /// <summary>Each write answered OKAY is covered by the first store flush recorded after its response.</summary>
    private void Cover(List<int> storeFlushes)
    {
        for (int i = 0; i < Writes.Length; i++)
        {
            ref var w = ref Writes[i];
            if (w.Failed)
            {
                FailedWrites++;
                continue;
            }

            if (w.RspPos == int.MaxValue)
            {
                continue;
            }

            int k = storeFlushes.BinarySearch(w.RspPos + 1);
            k = k >= 0 ? k : ~k;
            if (k < storeFlushes.Count)
            {
                w.CoverPos = storeFlushes[k];
            }
        }
    }

    /// <summary>
    /// Gives each ring write its intent's generation via <c>ring_ids</c> (ids are unique over a replay;
    /// a repeated id is matched to its occurrences in order), and collects the guest's promises.
    /// </summary>
    private void MapIntents(IReadOnlyList<IntentRecord> intents)
    {
        var byId = new Dictionary<ulong, Queue<int>>();
        for (int i = 0; i < Writes.Length; i++)
        {
            if (!byId.TryGetValue(Writes[i].Id, out var q))
            {
                q = new Queue<int>(1);
                byId[Writes[i].Id] = q;
            }

            q.Enqueue(i);
        }

        var ordered = intents.OrderBy(r => r.IntentSeq).ToList();
        Intents = ordered.Count;
        foreach (var intent in ordered)
        {
            bool told = intent.DoneTsNs.HasValue && intent.GuestStatus == BlkifStatus.Okay;
            var mine = new List<int>();
            foreach (ulong id in intent.RingIds)
            {
                if (byId.TryGetValue(id, out var q) && q.Count > 0)
                {
                    int w = q.Dequeue();
                    // A flush a strategy turned into a data-carrying rewrite (cache-replay, xdf) may carry
                    // generation 0: a copy cached before anything was written, i.e. the disk's initial
                    // content. It is still data, and rewriting it over a newer generation reverts it.
                    bool rewrite = intent.Kind == IntentKind.Flush && intent.NrSectors > 0;
                    if (!Writes[w].Failed && (intent.Generation > 0 || rewrite) && intent.Kind is IntentKind.Write or IntentKind.DurableWrite or IntentKind.Flush)
                    {
                        Writes[w].Intent = intent.IntentSeq;
                        Writes[w].Generation = intent.Generation;
                        mine.Add(w);
                    }
                }
            }

            if (intent.Kind is IntentKind.Write or IntentKind.DurableWrite && mine.Count > 0)
            {
                WriteIntents.Add(new WriteIntent(intent.IntentSeq, intent.IssueTsNs, told ? intent.DoneTsNs!.Value : long.MaxValue, told, intent.Generation, [.. mine]));
            }

            if (told && intent.Kind == IntentKind.Flush)
            {
                Promises.Add((intent.IssueTsNs, intent.DoneTsNs!.Value, intent.IntentSeq));
                if (intent.RingIds.Count == 0)
                {
                    FlushesToldOkayWithoutRequest++;
                }
            }

            if (told && intent.Kind is IntentKind.Flush or IntentKind.DurableWrite)
            {
                OrderingPoints.Add((intent.IssueTsNs, intent.DoneTsNs!.Value, intent.IntentSeq));
            }
        }

        Promises.Sort((a, b) => a.Done.CompareTo(b.Done));
        OrderingPoints.Sort((a, b) => a.Issue.CompareTo(b.Issue));
        foreach (var w in Writes)
        {
            if (!w.Failed && w.Intent < 0)
            {
                UnmappedWrites++;
            }
        }
    }

    /// <summary>Cuts the disk at every mapped write's edges; each range lists the writes over it in response order.</summary>
    private void BuildRanges(long maxCells)
    {
        var mapped = Enumerable.Range(0, Writes.Length).Where(i => !Writes[i].Failed && Writes[i].Intent >= 0 && Writes[i].NrSectors > 0).ToList();
        var edges = new SortedSet<ulong>();
        foreach (int i in mapped)
        {
            edges.Add(Writes[i].Sector);
            edges.Add(Writes[i].Sector + (ulong)Writes[i].NrSectors);
        }

        Boundaries = [.. edges];
        int ranges = Math.Max(0, Boundaries.Length - 1);
        var counts = new int[ranges + 1];
        long cells = 0;
        foreach (int i in mapped)
        {
            ref var w = ref Writes[i];
            w.RangeLo = Array.BinarySearch(Boundaries, w.Sector);
            w.RangeHi = Array.BinarySearch(Boundaries, w.Sector + (ulong)w.NrSectors);
            cells += w.RangeHi - w.RangeLo;
            if (cells > maxCells)
            {
                throw new InvalidDataException($"replay too large to explore: more than {maxCells:N0} (write, sector range) cells");
            }

            for (int r = w.RangeLo; r < w.RangeHi; r++)
            {
                counts[r + 1]++;
            }
        }

        for (int r = 0; r < ranges; r++)
        {
            counts[r + 1] += counts[r];
        }

        CellStart = counts;
        Cells = new int[cells];
        var fill = (int[])counts.Clone();
        // In response order (in-flight writes last, by issue), so each range's list is its order of application.
        foreach (int i in mapped.OrderBy(i => Writes[i].RspPos).ThenBy(i => Writes[i].ReqPos))
        {
            for (int r = Writes[i].RangeLo; r < Writes[i].RangeHi; r++)
            {
                Cells[fill[r]++] = i;
            }
        }
    }

    /// <summary>A data-carrying ring request.</summary>
    internal struct RingWrite
    {
        public ulong Id;
        public ulong Sector;
        public int NrSectors;
        public int ReqPos;
        public int RspPos;
        public int CoverPos;
        public int RangeLo;
        public int RangeHi;
        public long Intent;
        public long Generation;
        public bool Failed;
        public bool IsFlush;
    }

    /// <summary>A write intent and the ring writes it became.</summary>
    internal sealed record WriteIntent(long IntentSeq, long Issue, long Done, bool ToldOkay, long Generation, int[] Writes);
}
