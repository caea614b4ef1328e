namespace BlkTrace.Tests.Replay;

/// <summary>
/// The frozen table: for 10 flush intents (each after 4 writes, store <c>mem,cache</c>), what every
/// strategy gets from every profile. A cell lists what the guest was told — <c>ok</c> after an OKAY
/// from the ring, <c>ok*</c> without one (nothing sent, or a failure hidden), <c>err</c>, <c>nsup</c>
/// (EOPNOTSUPP) — then the ring requests the flushes became (<c>r</c>), the store flushes the backend did
/// on their behalf (<c>sf</c>), and the extra bytes written (<c>+B</c>).
/// </summary>
public static class FlushFateTable
{
    public static readonly string[] Profiles = ["linux-2.6.18", "linux-2.6.18-2008", "linux", "qemu", "solaris", "freebsd", "netbsd", "tapdisk"];

    public static readonly Dictionary<string, string[]> Expected = new()
    {
        ["native-flush"] = ["err 10 r10 sf0", "err 10 r10 sf0", "ok 10 r10 sf10", "ok 10 r10 sf10", "ok 10 r10 sf10", "ok 10 r10 sf10", "ok 10 r10 sf10", "nsup 10 r10 sf0"],
        ["zero-byte"] = ["err 10 r10 sf0", "ok 10 r10 sf10", "ok 10 r10 sf10", "err 10 r10 sf0", "ok 10 r10 sf10", "err 10 r10 sf0", "err 10 r10 sf0", "ok 10 r10 sf0"],
        ["cache-replay"] = ["ok 10 r10 sf20 +5120B", "ok 10 r10 sf20 +5120B", "ok 10 r10 sf10 +5120B", "err 10 r10 sf0 +5120B", "ok 10 r10 sf10 +5120B", "ok 10 r10 sf0 +5120B", "err 10 r10 sf0 +5120B", "ok 10 r10 sf0 +5120B"],
        ["write-through"] = ["ok* 10 r0 sf0", "ok* 10 r0 sf0", "ok* 10 r0 sf0", "ok* 10 r0 sf0", "ok* 10 r0 sf0", "ok* 10 r0 sf0", "ok* 10 r0 sf0", "ok* 10 r0 sf0"],
        ["linux-blkfront"] = ["ok* 10 r1 sf0", "ok 10 r10 sf10", "ok 10 r10 sf10", "ok 10 r10 sf10", "ok 10 r10 sf10", "ok 10 r10 sf10", "ok 10 r10 sf10", "ok 10 r10 sf0"],
        ["xdf"] = ["ok 10 r10 sf20 +5120B", "ok 10 r10 sf20 +5120B", "ok 10 r10 sf10", "nsup 10 r0 sf0", "ok 10 r10 sf10", "ok 10 r10 sf10", "nsup 10 r0 sf0", "ok 10 r10 sf0 +5120B"],
        ["auto"] = ["ok 10 r10 sf20 +5120B", "ok 10 r10 sf10", "ok 10 r10 sf10", "ok 10 r10 sf10", "ok 10 r10 sf10", "ok 10 r10 sf10", "ok 10 r10 sf10", "ok 10 r10 sf0"],
    };
}
