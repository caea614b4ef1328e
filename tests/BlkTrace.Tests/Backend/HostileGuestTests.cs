using System.Buffers.Binary;
using System.Globalization;
using BlkTrace.Backend.Profiles;
using BlkTrace.Backend.Stores;
using BlkTrace.Protocol.Blkif;
using BlkTrace.Protocol.Wire;
using Xunit.Abstractions;

namespace BlkTrace.Tests.Backend;

/// <summary>
/// A hostile frontend: arbitrary bytes in ring slots, malformed requests of known kinds, and
/// arbitrary producer indices, over a million requests across the eight profiles (seeded). The
/// backend must never throw, never touch the store outside the disk, answer each request it
/// consumed (malformed ones with the profile's status), halt on producer overflow where the
/// profile does, and never hang (every round is bounded and the test has a hard time limit).
/// </summary>
public class HostileGuestTests(ITestOutputHelper output)
{
    private const int RequestsPerProfile = 130_000;
    private const ulong DiskSectors = 8192;
    private const int DataPages = 64;

    private enum Shape
    {
        Random,
        Valid,
        UnknownOperation,
        TooManySegments,
        BadSegmentRange,
        PastEnd,
        BadGrant,
    }

    [Fact(Timeout = 600_000)]
    public async Task HostileGuest_MillionSeededRequests_BackendSurvivesAndAnswersAsItsProfile()
    {
        var totals = new Dictionary<string, long>(StringComparer.Ordinal);
        long consumed = 0;
        await Task.Run(() =>
        {
            foreach (var profile in BackendProfiles.All)
            {
                consumed += Fuzz(profile, seed: 1000 + profile.Name.Length, totals);
            }
        });

        Assert.True(consumed >= 1_000_000, $"only {consumed} requests consumed");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"requests consumed: {consumed:N0}"));
        foreach (var (k, v) in totals.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{k}: {v:N0}"));
        }
    }

    private static long Fuzz(BackendProfile profile, int seed, Dictionary<string, long> totals)
    {
        var random = new Random(seed);
        long consumed = 0;
        ulong nextId = 1;
        RingHarness? h = null;
        bool plain = true;
        GuardedStore? store = null;
        var expected = new Dictionary<ulong, BlkifStatus?>();
        try
        {
            while (consumed < RequestsPerProfile)
            {
                if (h is null)
                {
                    // Most rings are a plain writable 512-byte-sector disk; some are read-only or 4 KiB-sector.
                    bool readOnly = random.Next(5) == 0;
                    int sectorSize = random.Next(5) == 0 ? 4096 : 512;
                    plain = !readOnly && sectorSize == 512;
                    store = new GuardedStore(new MemoryBlockStore(DiskSectors));
                    h = new RingHarness(profile, store, order: 4, dataPages: DataPages, readOnly: readOnly, sectorSize: sectorSize);
                }

                uint rspBefore = h.Shared.RspProd;
                if (random.Next(40) == 0)
                {
                    // An arbitrary producer index: more than RING_SIZE ahead of what was answered.
                    h.Shared.ReqProd = unchecked(rspBefore + (uint)h.Front.Size + 1 + (uint)random.Next(int.MaxValue));
                    long before = h.Service.Counters.TotalRequests;
                    h.Service.Poll();
                    h.Service.Poll();
                    Add(totals, "producer overflows", 1);
                    if (profile.Overflow == OverflowPolicy.HaltRing)
                    {
                        Assert.True(h.Service.Halted, $"{profile.Name}: ring not halted on producer overflow");
                        Assert.Equal(rspBefore, h.Shared.RspProd);
                        Assert.Equal(0, h.Service.Poll());
                        Add(totals, "rings halted", 1);
                    }
                    else
                    {
                        // No overflow check: the loop guard bounds each round to RING_SIZE requests.
                        Assert.InRange(h.Service.Counters.TotalRequests - before, 0, 2 * h.Front.Size);
                    }

                    consumed += h.Service.Counters.TotalRequests - before;
                    Retire(h, store!, totals);
                    h = null;
                    continue;
                }

                int batch = 1 + random.Next(h.Front.Size);
                expected.Clear();
                for (int i = 0; i < batch; i++)
                {
                    ulong id = nextId++;
                    expected[id] = WriteSlot(h, random, id, profile, plain);
                    h.Front.AdvanceRequestProducer(1);
                }

                h.Front.PushRequests();
                for (int round = 0; round < 4 && unchecked(h.Shared.RspProd - rspBefore) < (uint)batch; round++)
                {
                    h.Service.Poll();
                }

                uint answered = unchecked(h.Shared.RspProd - rspBefore);
                Assert.Equal((uint)batch, answered);
                for (uint i = 0; i < answered; i++)
                {
                    var rsp = BlkifCodec.DecodeResponse(h.Shared.Slot(rspBefore + i), h.Shared.Abi);
                    Assert.True(expected.Remove(rsp.Id, out var want), $"{profile.Name}: response for id {rsp.Id} that was not asked or was answered twice");
                    Assert.True(rsp.Status is BlkifStatus.Okay or BlkifStatus.Error or BlkifStatus.EOpNotSupp);
                    if (want is { } w)
                    {
                        Assert.True(w == rsp.Status, $"{profile.Name}: id {rsp.Id} answered {rsp.Status}, expected {w}");
                    }
                }

                // Keep the frontend's view in step with what the backend answered.
                while (h.Front.TryConsumeResponse(out _))
                {
                }

                consumed += batch;
            }
        }
        finally
        {
            if (h is not null)
            {
                Retire(h, store!, totals);
            }
        }

        return consumed;
    }

    private static void Retire(RingHarness h, GuardedStore store, Dictionary<string, long> totals)
    {
        Assert.Equal(0, store.Violations);
        foreach (var k in Enum.GetValues<RejectionKind>())
        {
            Add(totals, "rejected " + k, h.Service.Counters.Rejections(k));
        }

        Add(totals, "stalls (counted, not slept)", h.Service.Counters.Stalls);
        Add(totals, "responses OKAY", h.Service.Counters.Responses(BlkifStatus.Okay));
        Add(totals, "responses ERROR", h.Service.Counters.Responses(BlkifStatus.Error));
        Add(totals, "responses EOPNOTSUPP", h.Service.Counters.Responses(BlkifStatus.EOpNotSupp));
        h.Dispose();
    }

    private static void Add(Dictionary<string, long> totals, string key, long n) =>
        totals[key] = totals.GetValueOrDefault(key) + n;

    /// <summary>Writes the next slot; returns the status the profile must answer, or null when only "some status" is required.</summary>
    private static BlkifStatus? WriteSlot(RingHarness h, Random random, ulong id, BackendProfile profile, bool plain)
    {
        var slot = h.Front.NextRequestSlot();
        var shape = (Shape)random.Next(Enum.GetValues<Shape>().Length);
        if (shape == Shape.Random)
        {
            random.NextBytes(slot);
            if (random.Next(4) == 0)
            {
                // Arbitrary bytes with a real operation byte, so every layout gets garbage in its fields.
                slot[0] = (byte)random.Next(7);
            }

            BinaryPrimitives.WriteUInt64LittleEndian(slot[8..], id);
            return null;
        }

        var op = random.Next(2) == 0 ? BlkifOperation.Read : BlkifOperation.Write;
        int n = 1 + random.Next(3);
        var segments = new BlkifSegment[n];
        for (int i = 0; i < n; i++)
        {
            segments[i] = h.Seg(random.Next(DataPages));
        }

        ulong sector = (ulong)random.Next((int)DiskSectors - 64);
        BlkifStatus want = BlkifStatus.Okay;
        switch (shape)
        {
            case Shape.UnknownOperation:
                op = (BlkifOperation)(random.Next(2) == 0 ? 4 : 7 + random.Next(249));
                want = profile.UnknownOperationStatus;
                break;
            case Shape.TooManySegments:
                want = BlkifStatus.Error;
                break;
            case Shape.BadSegmentRange:
                segments[0] = new BlkifSegment(segments[0].GrantRef, (byte)random.Next(8), (byte)(8 + random.Next(248)));
                want = profile.ClampsSegments ? BlkifStatus.Okay : BlkifStatus.Error;
                break;
            case Shape.PastEnd:
                sector = DiskSectors - (ulong)random.Next(8) + (random.Next(2) == 0 ? 0 : (ulong)random.NextInt64());
                want = BlkifStatus.Error;
                break;
            case Shape.BadGrant:
                segments[random.Next(n)] = new BlkifSegment((uint)(DataPages + 16 + random.Next(int.MaxValue - 100)), 0, 7);
                want = BlkifStatus.Error;
                break;
        }

        var request = BlkifRequest.Direct(op, id, sector, segments);
        if (shape == Shape.TooManySegments)
        {
            request.NrSegments = (ushort)(12 + random.Next(244));
        }

        BlkifCodec.EncodeRequest(in request, slot, h.Shared.Abi);

        // On a read-only or 4 KiB-sector disk the read-only and alignment checks come first for
        // these shapes (Linux order), so only "some status" is required of them there.
        bool orderIndependent = shape is Shape.UnknownOperation or Shape.TooManySegments || (shape == Shape.BadSegmentRange && !profile.ClampsSegments);
        return plain || orderIndependent ? want : null;
    }
}
