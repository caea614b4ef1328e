using BlkTrace.Protocol.Blkif;

namespace BlkTrace.Replay.Engine;

/// <summary>What happened to each workload intent and each ring request, kept until the outputs are written.</summary>
internal sealed class IntentResults
{
    public const short NoStatus = short.MinValue;

    private int[] _ringIntent;
    private ulong[] _ringId;

    public IntentResults(int count)
    {
        Count = count;
        // One ring request per intent is the common case: sized up front, a plain replay never grows these mid-run.
        _ringIntent = new int[count + 1024];
        _ringId = new ulong[count + 1024];
        Issue = new long[count];
        Done = new long[count];
        Intended = new long[count];
        Guest = new short[count];
        RingWorst = new short[count];
        Generation = new long[count];
        InFlight = new int[count];
        Notes = new string?[count];
        Became = new string?[count];
        Array.Fill(Guest, NoStatus);
        Array.Fill(RingWorst, NoStatus);
    }

    public int Count { get; }

    /// <summary>Stopwatch ticks when issued (0: never).</summary>
    public long[] Issue { get; }

    /// <summary>Stopwatch ticks when the guest was told (0: never).</summary>
    public long[] Done { get; }

    /// <summary>Stopwatch ticks it was meant to be issued at (0: no target, afap).</summary>
    public long[] Intended { get; }

    public short[] Guest { get; }

    /// <summary>The worst status of its ring responses (<see cref="NoStatus"/>: nothing answered).</summary>
    public short[] RingWorst { get; }

    public long[] Generation { get; }

    /// <summary>Intents in flight in the replay when it was issued.</summary>
    public int[] InFlight { get; }

    public string?[] Notes { get; }

    /// <summary>For flushes and durable-ordered writes: what went on the ring.</summary>
    public string?[] Became { get; }

    /// <summary>Flushes that rewrote a cached block: (sector, sectors, generation).</summary>
    public Dictionary<int, (ulong Sector, int Sectors, long Generation)> Rewrites { get; } = [];

    public int RingCount { get; private set; }

    public ReadOnlySpan<int> RingIntent => _ringIntent.AsSpan(0, RingCount);

    public ReadOnlySpan<ulong> RingId => _ringId.AsSpan(0, RingCount);

    public void AddRing(int intent, ulong id)
    {
        if (RingCount == _ringId.Length)
        {
            Array.Resize(ref _ringIntent, RingCount * 2);
            Array.Resize(ref _ringId, RingCount * 2);
        }

        _ringIntent[RingCount] = intent;
        _ringId[RingCount++] = id;
    }

    public void RecordRing(int intent, BlkifStatus status)
    {
        short s = (short)status;
        short w = RingWorst[intent];
        if (w == NoStatus || w == (short)BlkifStatus.Okay || s == (short)BlkifStatus.Error)
        {
            RingWorst[intent] = w == NoStatus || s != (short)BlkifStatus.Okay ? s : w;
        }
    }
}
