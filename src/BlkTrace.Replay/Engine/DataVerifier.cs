using System.Globalization;
using BlkTrace.Frontend.Workloads;
using BlkTrace.Protocol.Blkif;

namespace BlkTrace.Replay.Engine;

/// <summary>
/// Self-verifying data: every replayed sector carries <see cref="DataStamp"/> (sector number,
/// generation, replay seed), and every read is checked against the generation it must see — the
/// newest guest write completed before the read was issued; a write overlapping the read while it
/// was in flight makes its generation acceptable too. Only guest writes count: a strategy's own
/// rewrite of a cached block does not change what the guest must see, which is how a stale
/// cache-replay shows up as <see cref="VerificationFailure.Reverted"/>.
/// </summary>
internal sealed class DataVerifier(ulong seed)
{
    private const int MaxExamples = 20;
    private readonly SectorGenerations _generations = new();
    private readonly long[] _failures = new long[Enum.GetValues<VerificationFailure>().Length];

    public long ReadsChecked { get; private set; }

    public long SectorsChecked { get; private set; }

    public List<string> Examples { get; } = [];

    public IReadOnlyList<long> Failures => _failures;

    public long Issued(ulong sector) => _generations.Issued(sector);

    /// <summary>The generation each sector of a read issued now must see, into <paramref name="expected"/>.</summary>
    public void Snapshot(ulong sector, Span<long> expected)
    {
        for (int i = 0; i < expected.Length; i++)
        {
            expected[i] = _generations.Completed(sector + (ulong)i);
        }
    }

    public void OnWriteIssued(ulong sector, int sectors, long generation) => _generations.OnIssued(sector, sectors, generation);

    public void OnWriteCompleted(ulong sector, int sectors, long generation, bool ok) => _generations.OnCompleted(sector, sectors, generation, ok);

    public void OnDiscardCompleted(ulong sector, int sectors) => _generations.Forget(sector, sectors);

    /// <summary>Checks one sector a read returned.</summary>
    public void Check(ReadOnlySpan<byte> data, ulong sector, long expected, long intentSeq)
    {
        SectorsChecked++;
        if (expected == SectorGenerations.Unknown)
        {
            return;
        }

        var check = DataStamp.Check(data, sector, seed, out ulong found);
        long latest = _generations.Issued(sector);
        VerificationFailure? failure = check switch
        {
            StampCheck.Ok when (long)found == expected || ((long)found > expected && (long)found <= latest) => null,
            StampCheck.Ok when (long)found > latest => VerificationFailure.Phantom,
            StampCheck.Ok => VerificationFailure.Reverted,
            _ when expected == 0 => null,
            StampCheck.Zero => VerificationFailure.Reverted,
            StampCheck.WrongSector => VerificationFailure.WrongSector,
            StampCheck.WrongSeed => VerificationFailure.WrongSeed,
            StampCheck.Torn => VerificationFailure.Torn,
            _ => VerificationFailure.Garbage,
        };
        if (failure is { } f)
        {
            _failures[(int)f]++;
            if (Examples.Count < MaxExamples)
            {
                Examples.Add(string.Create(CultureInfo.InvariantCulture, $"intent {intentSeq} sector {sector}: {f} ({check}, generation {found}, expected {expected})"));
            }
        }
    }

    public void CountRead() => ReadsChecked++;

    /// <summary>Makes stale buffer content detectable: clears each sector's stamp header before a read.</summary>
    public static void Poison(Span<byte> page, int sectors)
    {
        for (int s = 0; s < sectors; s++)
        {
            page.Slice(s * BlkifConstants.SectorSize, 8).Clear();
        }
    }
}
