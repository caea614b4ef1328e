using System.Globalization;

namespace BlkTrace.Analysis.Durability;

/// <summary>
/// Draws and checks crash states over a <see cref="CrashModel"/>: crash points in position order, at
/// each the minimal state (no uncovered write durable) and seeded random ones (each uncovered write
/// durable with probability 1/2), and in each state the three checks of design.md §6.
/// </summary>
/// <remarks>
/// A range's content in a state is the generation of the last durable write over it in order of
/// application (response position; in-flight writes last). The guest's promise grows with the crash
/// point: every write it saw complete before it issued a flush it was told succeeded. Both the promise
/// and the coin flips are incremental or hashed, so a state costs one pass over the writes and ranges.
/// </remarks>
internal sealed class CrashWalk
{
    private readonly CrashModel _m;
    private readonly CrashExplorationOptions _o;
    private readonly bool[] _durable;
    private readonly long[] _requiredGen;
    private readonly long[] _requiredIntent;
    private readonly long[] _orderingIssue;
    private readonly long[] _suffixMinDone;
    private readonly int[] _suffixArg;
    private readonly long[] _states = new long[3];
    private readonly HashSet<long>[] _intents = [[], [], []];
    private readonly List<DurabilityExample>[] _examples = [[], [], []];
    private long _promiseIssue = long.MinValue;
    private long _promiseIntent = -1;

    public CrashWalk(CrashModel model, CrashExplorationOptions options)
    {
        _m = model;
        _o = options;
        _durable = new bool[model.Writes.Length];
        int ranges = Math.Max(0, model.Boundaries.Length - 1);
        _requiredGen = new long[ranges];
        _requiredIntent = new long[ranges];
        Array.Fill(_requiredIntent, -1);

        var points = model.OrderingPoints;
        _orderingIssue = [.. points.Select(p => p.Issue)];
        _suffixMinDone = new long[points.Count + 1];
        _suffixArg = new int[points.Count + 1];
        _suffixMinDone[points.Count] = long.MaxValue;
        _suffixArg[points.Count] = -1;
        for (int i = points.Count - 1; i >= 0; i--)
        {
            bool better = points[i].Done < _suffixMinDone[i + 1];
            _suffixMinDone[i] = better ? points[i].Done : _suffixMinDone[i + 1];
            _suffixArg[i] = better ? i : _suffixArg[i + 1];
        }
    }

    public long StatesExplored { get; private set; }

    public long StatesWithViolation { get; private set; }

    public IReadOnlyList<DurabilityViolationSummary> Summaries() =>
        [.. Enum.GetValues<DurabilityViolationKind>().Select(k => new DurabilityViolationSummary(k, _states[(int)k], _intents[(int)k].Count, _examples[(int)k].ToArray()))];

    /// <summary>Explores the given crash points (ascending positions in 1..Rows).</summary>
    public void Run(IReadOnlyList<int> crashPoints, CancellationToken cancel)
    {
        var told = _m.WriteIntents.Where(w => w.ToldOkay).OrderBy(w => w.Done).ToList();
        int promise = 0;
        int required = 0;
        int statesPer = 1 + Math.Max(0, _o.RandomStatesPerPoint);
        foreach (int c in crashPoints)
        {
            cancel.ThrowIfCancellationRequested();
            long crashTime = _m.CrashTime(c);
            while (promise < _m.Promises.Count && _m.Promises[promise].Done < crashTime)
            {
                if (_m.Promises[promise].Issue > _promiseIssue)
                {
                    _promiseIssue = _m.Promises[promise].Issue;
                    _promiseIntent = _m.Promises[promise].Intent;
                }

                promise++;
            }

            while (required < told.Count && told[required].Done < _promiseIssue)
            {
                Require(told[required]);
                required++;
            }

            for (int s = 0; s < statesPer; s++)
            {
                Draw(c, s);
                StatesExplored++;
                long before = _states.Sum();
                CheckRanges(c, s);
                CheckPrefix(c, s, crashTime);
                if (_states.Sum() > before)
                {
                    StatesWithViolation++;
                }
            }
        }
    }

    /// <summary>A promised write: every range it covers must hold its generation or a later one.</summary>
    private void Require(CrashModel.WriteIntent intent)
    {
        foreach (int w in intent.Writes)
        {
            ref readonly var rw = ref _m.Writes[w];
            for (int r = rw.RangeLo; r < rw.RangeHi; r++)
            {
                if (rw.Generation > _requiredGen[r])
                {
                    _requiredGen[r] = rw.Generation;
                    _requiredIntent[r] = intent.IntentSeq;
                }
            }
        }
    }

    /// <summary>Which writes are durable in state <paramref name="state"/> at crash point <paramref name="c"/>.</summary>
    private void Draw(int c, int state)
    {
        ulong key = SplitMix64.Mix(_o.Seed ^ SplitMix64.Mix(((ulong)c * 1_000_003UL) + (ulong)state));
        var writes = _m.Writes;
        for (int w = 0; w < writes.Length; w++)
        {
            ref readonly var rw = ref writes[w];
            _durable[w] = !rw.Failed && rw.ReqPos < c &&
                (rw.CoverPos < c || (state > 0 && (SplitMix64.Mix(key ^ (ulong)w) & 1) == 1));
        }
    }

    private void CheckRanges(int c, int state)
    {
        bool lost = false;
        bool reverted = false;
        var writes = _m.Writes;
        for (int r = 0; r < _requiredGen.Length; r++)
        {
            int start = _m.CellStart[r];
            int end = _m.CellStart[r + 1];
            if (start == end)
            {
                continue;
            }

            int holder = -1;
            for (int j = end - 1; j >= start; j--)
            {
                if (_durable[_m.Cells[j]])
                {
                    holder = _m.Cells[j];
                    break;
                }
            }

            long found = holder >= 0 ? writes[holder].Generation : 0;
            if (holder >= 0)
            {
                // The newest covered write that completed before the holder was even issued.
                int newer = -1;
                int issued = writes[holder].ReqPos;
                for (int j = start; j < end && writes[_m.Cells[j]].RspPos < issued; j++)
                {
                    int w = _m.Cells[j];
                    if (writes[w].CoverPos < c && writes[w].Generation > found && (newer < 0 || writes[w].Generation > writes[newer].Generation))
                    {
                        newer = w;
                    }
                }

                if (newer >= 0)
                {
                    _intents[(int)DurabilityViolationKind.RevertedData].Add(writes[newer].Intent);
                    if (!reverted)
                    {
                        reverted = true;
                        Example(DurabilityViolationKind.RevertedData, c, state, r, writes[newer].Generation, found, [writes[newer].Intent, writes[holder].Intent], [writes[newer].Id, writes[holder].Id],
                            $"hold gen {found} written by intent {writes[holder].Intent} (ring id {writes[holder].Id}), older than gen {writes[newer].Generation} of intent {writes[newer].Intent}, which a store flush had made durable before it");
                    }

                    continue;
                }
            }

            if (_requiredGen[r] > found)
            {
                _intents[(int)DurabilityViolationKind.LostDurableWrite].Add(_requiredIntent[r]);
                if (!lost)
                {
                    lost = true;
                    long holderIntent = holder >= 0 ? writes[holder].Intent : -1;
                    Example(DurabilityViolationKind.LostDurableWrite, c, state, r, _requiredGen[r], found,
                        holder >= 0 ? [_requiredIntent[r], holderIntent, _promiseIntent] : [_requiredIntent[r], _promiseIntent],
                        holder >= 0 ? [writes[holder].Id] : [],
                        $"hold gen {found}{(holder >= 0 ? $" (intent {holderIntent})" : " (never written durably)")}, but write intent {_requiredIntent[r]} (gen {_requiredGen[r]}) completed before flush intent {_promiseIntent} was issued, and the guest was told that flush succeeded");
                }
            }
        }

        Tally(DurabilityViolationKind.LostDurableWrite, lost);
        Tally(DurabilityViolationKind.RevertedData, reverted);
    }

    /// <summary>broken-barrier-prefix: some ordering point B with an undurable write done before B's issue and a durable one issued after B's completion.</summary>
    private void CheckPrefix(int c, int state, long crashTime)
    {
        CrashModel.WriteIntent? x = null;
        CrashModel.WriteIntent? y = null;
        foreach (var wi in _m.WriteIntents)
        {
            bool any = false;
            bool all = true;
            foreach (int w in wi.Writes)
            {
                if (_durable[w])
                {
                    any = true;
                }
                else
                {
                    all = false;
                }
            }

            if (wi.ToldOkay && wi.Done < crashTime && !all && (x is null || wi.Done < x.Done))
            {
                x = wi;
            }

            if (any && (y is null || wi.Issue > y.Issue))
            {
                y = wi;
            }
        }

        bool broken = false;
        if (x is not null && y is not null && x.Done < y.Issue)
        {
            int i = UpperBound(_orderingIssue, x.Done);
            if (_suffixMinDone[i] < y.Issue)
            {
                broken = true;
                var b = _m.OrderingPoints[_suffixArg[i]];
                _intents[(int)DurabilityViolationKind.BrokenBarrierPrefix].Add(x.IntentSeq);
                var missing = x.Writes.First(w => !_durable[w]);
                var present = y.Writes.First(w => _durable[w]);
                Example(DurabilityViolationKind.BrokenBarrierPrefix, c, state, -1, x.Generation, 0, [x.IntentSeq, b.Intent, y.IntentSeq], [_m.Writes[missing].Id, _m.Writes[present].Id],
                    $"write intent {y.IntentSeq} (gen {y.Generation}), issued after intent {b.Intent} completed, is durable while write intent {x.IntentSeq} (gen {x.Generation}), completed before {b.Intent} was issued, is not");
            }
        }

        Tally(DurabilityViolationKind.BrokenBarrierPrefix, broken);
    }

    private void Tally(DurabilityViolationKind kind, bool found)
    {
        if (found)
        {
            _states[(int)kind]++;
        }
    }

    private void Example(DurabilityViolationKind kind, int c, int state, int range, long expected, long found, long[] intents, ulong[] ids, string what)
    {
        var list = _examples[(int)kind];
        if (list.Count >= _o.MaxExamples)
        {
            return;
        }

        ulong sector = range >= 0 ? _m.Boundaries[range] : 0;
        long sectors = range >= 0 ? (long)(_m.Boundaries[range + 1] - sector) : 0;
        long crashSeq = _m.CrashSeq(c);
        long crashTs = c < _m.Rows ? _m.TsAt[c] : (_m.Rows > 0 ? _m.TsAt[_m.Rows - 1] : 0);
        string where = range >= 0 ? string.Create(CultureInfo.InvariantCulture, $"sectors {sector}..{sector + (ulong)sectors - 1} ") : string.Empty;
        string detail = string.Create(CultureInfo.InvariantCulture, $"crash before seq {crashSeq}, state {state}: {where}{what}");
        list.Add(new DurabilityExample(kind, crashSeq, crashTs, state, sector, sectors, expected, found, intents, ids, detail));
    }

    private static int UpperBound(long[] sorted, long value)
    {
        int lo = 0;
        int hi = sorted.Length;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] > value)
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
}
