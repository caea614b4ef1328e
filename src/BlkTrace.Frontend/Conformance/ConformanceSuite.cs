using System.Diagnostics;
using System.Runtime.InteropServices;
using BlkTrace.Protocol.Blkif;
using BlkTrace.Protocol.Handshake;
using BlkTrace.Protocol.Wire;

namespace BlkTrace.Frontend.Conformance;

/// <summary>
/// A fixed suite of blkif requests — every operation, the 0-segment flush and barrier, a barrier with
/// data, discard, indirect, and malformed requests (too many segments, bad sector ranges, past the end,
/// a bad grant, a bad indirect page) — sent one at a time on one ring, whatever the backend
/// advertised, so that simulated profiles and real backends can be held to the same answers. Rows are
/// the names of the test suite's frozen profile table (spec/blkif.md §5), so the two can be compared.
/// Requests that may upset a backend come last: when one gets no answer the rest are not sent.
/// </summary>
public static class ConformanceSuite
{
    /// <summary>Data pages the suite takes from the queue's pool (16 for indirect, one descriptor page).</summary>
    public const int PagesNeeded = 18;

    private const ulong DataSector = 8;

    /// <summary>The requests, in the order they are sent.</summary>
    public static IReadOnlyList<ConformanceCase> Cases { get; } =
    [
        new("read", "READ, 1 segment of 8 sectors at sector 8", false),
        new("write", "WRITE, 1 segment of 8 sectors at sector 8", false),
        new("flush-0seg", "FLUSH_DISKCACHE, 0 segments", false),
        new("flush-data", "FLUSH_DISKCACHE with 1 segment of data at sector 16", false),
        new("barrier-0seg", "WRITE_BARRIER, 0 segments", false),
        new("barrier-data", "WRITE_BARRIER with 1 segment of data at sector 16", false),
        new("discard", "DISCARD of 64 sectors at sector 64", false),
        new("indirect-write", "INDIRECT WRITE, 16 segments at sector 128", false),
        new("indirect-read", "INDIRECT READ, 16 segments at sector 128", false),
        new("read-0seg", "READ with 0 segments", true),
        new("write-0seg", "WRITE with 0 segments", true),
        new("reserved1", "operation 4 (RESERVED_1)", true),
        new("op255", "operation 255", true),
        new("write-12seg", "WRITE claiming 12 segments (the limit is 11)", true),
        new("write-last8", "WRITE with last_sect 8 (a page has sectors 0..7)", true),
        new("write-first-gt-last", "WRITE with first_sect 5 > last_sect 3", true),
        new("write-past-end", "WRITE of 8 sectors starting 4 sectors before the end", true),
        new("write-wrap", "WRITE at sector 2^64-4 (the range wraps)", true),
        new("write-bad-gref", "WRITE through grant reference 999999 (not granted)", true),
        new("discard-past-end", "DISCARD of 64 sectors starting 48 before the end", true),
        new("indirect-bad-inner", "INDIRECT with inner operation WRITE_BARRIER", true),
        new("indirect-bad-page", "INDIRECT whose descriptor page is grant 999999", true),
    ];

    /// <summary>
    /// Sends every case on <paramref name="queue"/> of a connected frontend over a disk of
    /// <paramref name="disk"/>, waiting up to <paramref name="perCaseTimeout"/> for each answer. Writes go
    /// to sectors 8..24, 64..128 (discarded) and 128..256 of the disk. Malformed input never throws: the
    /// outcome says what came back.
    /// </summary>
    public static IReadOnlyList<ConformanceOutcome> Run(FrontendQueueDriver queue, DiskGeometry disk, TimeSpan perCaseTimeout, CancellationToken cancellationToken) =>
        Run(queue, disk, perCaseTimeout, null, cancellationToken);

    /// <summary>
    /// Sends only the cases named in <paramref name="only"/> (all when null), in suite order: a subset
    /// is how a case that upsets a backend is found (one case per connection, the lab's bisection).
    /// </summary>
    public static IReadOnlyList<ConformanceOutcome> Run(FrontendQueueDriver queue, DiskGeometry disk, TimeSpan perCaseTimeout, IReadOnlyCollection<string>? only, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(queue);
        var cases = Select(only);
        if (disk.Sectors < 512)
        {
            throw new ArgumentException($"the conformance suite needs a disk of at least 512 sectors (this one has {disk.Sectors})", nameof(disk));
        }

        int[] pages = new int[PagesNeeded];
        if (!queue.TryAllocatePages(pages))
        {
            throw new ArgumentException($"the conformance suite needs {PagesNeeded} free data pages (the queue has {queue.FreePages})", nameof(queue));
        }

        try
        {
            for (int i = 0; i < pages.Length; i++)
            {
                queue.Page(pages[i]).Fill((byte)(0xA0 + i));
            }

            var results = new List<ConformanceOutcome>(cases.Count);
            bool givenUp = false;
            foreach (var c in cases)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (givenUp)
                {
                    results.Add(new ConformanceOutcome(c.Name, null, "not sent: an earlier request got no answer"));
                    continue;
                }

                var outcome = RunOne(queue, c.Name, pages, disk, perCaseTimeout, cancellationToken);
                givenUp = outcome.Status is null;
                results.Add(outcome);
            }

            return results;
        }
        finally
        {
            foreach (int p in pages)
            {
                queue.FreePage(p);
            }
        }
    }

    /// <summary>
    /// The cases named in <paramref name="only"/>, in suite order (all when null); an unknown name is an
    /// <see cref="ArgumentException"/> listing the known ones.
    /// </summary>
    public static IReadOnlyList<ConformanceCase> Select(IReadOnlyCollection<string>? only)
    {
        if (only is null)
        {
            return Cases;
        }

        foreach (string name in only)
        {
            if (!Cases.Any(c => c.Name == name))
            {
                throw new ArgumentException($"--cases: no case '{name}' (cases: {string.Join(',', Cases.Select(c => c.Name))})", nameof(only));
            }
        }

        return [.. Cases.Where(c => only.Contains(c.Name))];
    }

    /// <summary>The request <paramref name="name"/> stands for (its id is replaced on submission).</summary>
    public static BlkifRequest Build(string name, FrontendQueueDriver queue, IReadOnlyList<int> pages, DiskGeometry disk)
    {
        ArgumentNullException.ThrowIfNull(queue);
        ArgumentNullException.ThrowIfNull(pages);
        if (pages.Count < PagesNeeded)
        {
            throw new ArgumentException($"the conformance suite needs {PagesNeeded} data pages", nameof(pages));
        }

        BlkifSegment Seg(int i, byte first = 0, byte last = 7) => new(queue.GrantRef(pages[i]), first, last);
        BlkifSegment[] one = [Seg(0)];
        switch (name)
        {
            case "read": return BlkifRequest.Direct(BlkifOperation.Read, 0, DataSector, one);
            case "write": return BlkifRequest.Direct(BlkifOperation.Write, 0, DataSector, one);
            case "read-0seg": return BlkifRequest.Direct(BlkifOperation.Read, 0, DataSector, []);
            case "write-0seg": return BlkifRequest.Direct(BlkifOperation.Write, 0, DataSector, []);
            case "flush-0seg": return BlkifRequest.Direct(BlkifOperation.FlushDiskCache, 0, 0, []);
            case "flush-data": return BlkifRequest.Direct(BlkifOperation.FlushDiskCache, 0, 16, one);
            case "barrier-0seg": return BlkifRequest.Direct(BlkifOperation.WriteBarrier, 0, 0, []);
            case "barrier-data": return BlkifRequest.Direct(BlkifOperation.WriteBarrier, 0, 16, one);
            case "reserved1": return BlkifRequest.Direct(BlkifOperation.Reserved1, 0, DataSector, one);
            case "op255": return BlkifRequest.Direct((BlkifOperation)255, 0, DataSector, one);
            case "discard": return BlkifRequest.Discard(0, 64, 64);
            case "discard-past-end": return BlkifRequest.Discard(0, disk.Sectors - 48, 64);
            case "write-last8": return BlkifRequest.Direct(BlkifOperation.Write, 0, DataSector, [Seg(0, 0, 8)]);
            case "write-first-gt-last": return BlkifRequest.Direct(BlkifOperation.Write, 0, DataSector, [Seg(0, 5, 3)]);
            case "write-past-end": return BlkifRequest.Direct(BlkifOperation.Write, 0, disk.Sectors - 4, one);
            case "write-wrap": return BlkifRequest.Direct(BlkifOperation.Write, 0, ulong.MaxValue - 3, one);
            case "write-bad-gref": return BlkifRequest.Direct(BlkifOperation.Write, 0, DataSector, [new BlkifSegment(999_999, 0, 7)]);
            case "write-12seg":
                {
                    var segments = new BlkifSegment[BlkifConstants.MaxSegmentsPerRequest];
                    for (int i = 0; i < segments.Length; i++)
                    {
                        segments[i] = Seg(i);
                    }

                    var r = BlkifRequest.Direct(BlkifOperation.Write, 0, DataSector, segments);
                    r.NrSegments = BlkifConstants.MaxSegmentsPerRequest + 1;
                    return r;
                }

            case "indirect-write":
            case "indirect-read":
            case "indirect-bad-inner":
            case "indirect-bad-page":
                {
                    var descriptor = MemoryMarshal.Cast<byte, BlkifSegment>(queue.Page(pages[16]));
                    for (int i = 0; i < 16; i++)
                    {
                        descriptor[i] = Seg(i);
                    }

                    var inner = name switch
                    {
                        "indirect-read" => BlkifOperation.Read,
                        "indirect-bad-inner" => BlkifOperation.WriteBarrier,
                        _ => BlkifOperation.Write,
                    };
                    uint page = name == "indirect-bad-page" ? 999_999u : queue.GrantRef(pages[16]);
                    return BlkifRequest.Indirect(inner, 0, 128, 16, [page]);
                }

            default:
                throw new ArgumentException($"'{name}' is not a conformance case", nameof(name));
        }
    }

    private static ConformanceOutcome RunOne(FrontendQueueDriver queue, string name, int[] pages, DiskGeometry disk, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var request = Build(name, queue, pages, disk);
        if (!queue.TrySubmit(request, 0))
        {
            return new ConformanceOutcome(name, null, "not sent: the ring is full (an earlier request was never answered)");
        }

        queue.Kick();
        ulong id = queue.LastSubmittedId;
        Span<FrontendCompletion> completions = stackalloc FrontendCompletion[4];
        long deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (true)
        {
            int n = queue.Poll(completions);
            for (int i = 0; i < n; i++)
            {
                if (completions[i].Id == id)
                {
                    var op = completions[i].Operation;
                    string? note = op == request.Operation ? null : $"response operation {(byte)op}";
                    return new ConformanceOutcome(name, completions[i].Status, note);
                }
            }

            long left = deadline - Stopwatch.GetTimestamp();
            if (left <= 0)
            {
                return new ConformanceOutcome(name, null, $"no response in {timeout.TotalSeconds:0.#} s");
            }

            cancellationToken.ThrowIfCancellationRequested();
            _ = queue.WaitForResponses((int)Math.Clamp(left * 1000 / Stopwatch.Frequency, 1, 200));
        }
    }
}
