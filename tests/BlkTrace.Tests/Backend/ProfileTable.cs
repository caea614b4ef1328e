using BlkTrace.Protocol.Blkif;
using BlkTrace.Protocol.Wire;

namespace BlkTrace.Tests.Backend;

/// <summary>
/// The frozen table "request → status" for every profile (spec/blkif.md §5). O = OKAY, E = ERROR,
/// N = EOPNOTSUPP. Columns: linux-2.6.18, linux-2.6.18-2008, linux, qemu, solaris, freebsd, netbsd,
/// tapdisk. The disk is 2048 sectors; rows starting "ro-" run against a read-only disk.
/// </summary>
public static class ProfileTable
{
    public static readonly string[] Columns = ["linux-2.6.18", "linux-2.6.18-2008", "linux", "qemu", "solaris", "freebsd", "netbsd", "tapdisk"];

    private const string Table = """
        read                  O O O O O O O O
        write                 O O O O O O O O
        read-0seg             E E E O O E E E
        write-0seg            E E E O O E E E
        barrier-0seg          E O O E O E E O
        barrier-data          O O O E O O E O
        flush-0seg            E E O O O O O N
        flush-data            E E O O O O O N
        reserved1             E E N E E E E N
        op255                 E E N E E E E N
        discard               E E O O E E E N
        indirect-write        E E O E E E E N
        indirect-read         E E O E E E E N
        indirect-bad-inner    E E E E E E E N
        indirect-bad-page     E E E E E E E N
        write-12seg           E E E E E E E E
        write-last8           E E E E O E E E
        write-first-gt-last   E E E E O E E E
        write-past-end        E E E E E E E E
        write-wrap            E E E E E E E E
        write-bad-gref        E E E E E E E E
        discard-past-end      E E E E E E E N
        ro-read               O O O O O O O O
        ro-write              E E E E E E N E
        ro-flush-0seg         E E E O E E N N
        ro-barrier-0seg       E E E E E E E E
        ro-discard            E E E E E E E N
        """;

    public static IEnumerable<string> Shapes => Rows.Keys;

    private static Dictionary<string, string[]> Rows { get; } = Table
        .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
        .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        .ToDictionary(p => p[0], p => p[1..]);

    public static BlkifStatus Expected(string profile, string shape)
    {
        string cell = Rows[shape][Array.IndexOf(Columns, profile)];
        return cell switch
        {
            "O" => BlkifStatus.Okay,
            "E" => BlkifStatus.Error,
            "N" => BlkifStatus.EOpNotSupp,
            _ => throw new InvalidOperationException(cell),
        };
    }

    /// <summary>Builds the request a row names, with data pages of <paramref name="h"/>.</summary>
    public static BlkifRequest Build(string shape, RingHarness h)
    {
        const ulong id = 77;
        string s = shape.StartsWith("ro-", StringComparison.Ordinal) ? shape[3..] : shape;
        BlkifSegment[] one = [h.Seg(0)];
        switch (s)
        {
            case "read":
                return BlkifRequest.Direct(BlkifOperation.Read, id, 8, one);
            case "write":
                return BlkifRequest.Direct(BlkifOperation.Write, id, 8, one);
            case "read-0seg":
                return BlkifRequest.Direct(BlkifOperation.Read, id, 8, []);
            case "write-0seg":
                return BlkifRequest.Direct(BlkifOperation.Write, id, 8, []);
            case "barrier-0seg":
                return BlkifRequest.Direct(BlkifOperation.WriteBarrier, id, 0, []);
            case "barrier-data":
                return BlkifRequest.Direct(BlkifOperation.WriteBarrier, id, 16, one);
            case "flush-0seg":
                return BlkifRequest.Direct(BlkifOperation.FlushDiskCache, id, 0, []);
            case "flush-data":
                return BlkifRequest.Direct(BlkifOperation.FlushDiskCache, id, 16, one);
            case "reserved1":
                return BlkifRequest.Direct(BlkifOperation.Reserved1, id, 8, one);
            case "op255":
                return BlkifRequest.Direct((BlkifOperation)255, id, 8, one);
            case "discard":
                return BlkifRequest.Discard(id, 64, 64);
            case "discard-past-end":
                return BlkifRequest.Discard(id, 2000, 64);
            case "indirect-write":
            case "indirect-read":
            case "indirect-bad-inner":
            case "indirect-bad-page":
                {
                    MemoryMarshalSegments(h, 16);
                    var op = s switch
                    {
                        "indirect-read" => BlkifOperation.Read,
                        "indirect-bad-inner" => BlkifOperation.WriteBarrier,
                        _ => BlkifOperation.Write,
                    };
                    uint descriptor = s == "indirect-bad-page" ? 999_999u : h.Gref(40);
                    return BlkifRequest.Indirect(op, id, 128, 16, [descriptor]);
                }

            case "write-12seg":
                {
                    var r = BlkifRequest.Direct(BlkifOperation.Write, id, 8, [.. Enumerable.Range(0, 11).Select(i => h.Seg(i))]);
                    r.NrSegments = 12;
                    return r;
                }

            case "write-last8":
                return BlkifRequest.Direct(BlkifOperation.Write, id, 8, [h.Seg(0, 0, 8)]);
            case "write-first-gt-last":
                return BlkifRequest.Direct(BlkifOperation.Write, id, 8, [h.Seg(0, 5, 3)]);
            case "write-past-end":
                return BlkifRequest.Direct(BlkifOperation.Write, id, 2044, one);
            case "write-wrap":
                return BlkifRequest.Direct(BlkifOperation.Write, id, ulong.MaxValue - 3, one);
            case "write-bad-gref":
                return BlkifRequest.Direct(BlkifOperation.Write, id, 8, [new BlkifSegment(999_999, 0, 7)]);
            default:
                throw new ArgumentException(shape);
        }
    }

    /// <summary>Writes <paramref name="count"/> full-page segments (data pages 0..count-1) into descriptor page 40.</summary>
    private static void MemoryMarshalSegments(RingHarness h, int count)
    {
        var page = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, BlkifSegment>(h.Page(40));
        for (int i = 0; i < count; i++)
        {
            page[i] = h.Seg(i);
        }
    }
}
