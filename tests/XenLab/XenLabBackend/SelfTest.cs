using BlkTrace.Protocol.Transport.Xen;

namespace XenLabBackend;

/// <summary>
/// Checks XenStoreConnection against the real xenstored in dom0 (the host has none): write, read,
/// list, remove, a committed and an aborted transaction, a transaction that loses a race and is
/// refused (EAGAIN), permissions set and read back, a watch that fires. One line per check.
/// </summary>
internal static class SelfTest
{
    private const string Root = "/local/domain/0/blkt-selftest";

    public static int Run()
    {
        int failures = 0;
        void Check(string name, bool ok, string detail = "")
        {
            Console.WriteLine($"selftest: {(ok ? "PASS" : "FAIL")} {name}{(detail.Length > 0 ? " (" + detail + ")" : string.Empty)}");
            failures += ok ? 0 : 1;
        }

        using var xs = XenStoreConnection.Open();
        xs.Remove(Root);

        xs.Write(Root + "/a", "1");
        Check("write then read", xs.Read(Root + "/a") == "1");
        Check("read of a missing node is null", xs.Read(Root + "/missing") is null);

        xs.RunTransaction(t =>
        {
            xs.Write(Root + "/b", "2", t);
            xs.Write(Root + "/c", "3", t);
        });
        Check("committed transaction", xs.Read(Root + "/b") == "2" && xs.Read(Root + "/c") == "3");

        uint aborted = xs.BeginTransaction();
        xs.Write(Root + "/d", "4", aborted);
        xs.EndTransaction(aborted, abort: true);
        Check("aborted transaction leaves nothing", xs.Read(Root + "/d") is null);

        uint loser = xs.BeginTransaction();
        string? seen = xs.Read(Root + "/a", loser);
        xs.Write(Root + "/a", "changed");
        xs.Write(Root + "/a", seen + "-from-transaction", loser);
        bool committed = xs.EndTransaction(loser);
        Check("a transaction that lost a race is refused (EAGAIN)", !committed && xs.Read(Root + "/a") == "changed", $"committed={committed}");

        Check("list", string.Join(',', xs.List(Root)) == "a,b,c", string.Join(',', xs.List(Root)));

        xs.MakeDirectory(Root + "/dir");
        xs.SetPermissions(Root + "/dir", [new XenStorePermission(0, XenStoreAccess.None), new XenStorePermission(7, XenStoreAccess.Read)]);
        xs.Write(Root + "/dir/child", "x");
        var perms = xs.GetPermissions(Root + "/dir/child") ?? [];
        Check("a child inherits its directory's permissions", string.Join(',', perms) == "n0,r7", string.Join(',', perms));

        xs.Watch(Root + "/w", "t");
        xs.WaitForWatch(2000); // xenstored fires every new watch once, at once: consume that
        xs.Write(Root + "/w", "fire");
        Check("a watch fires on a write", xs.WaitForWatch(5000));
        Check("no spurious watch", !xs.WaitForWatch(200));
        xs.Unwatch(Root + "/w", "t");

        Check("remove", xs.Remove(Root) && xs.Read(Root + "/a") is null);
        Console.WriteLine($"selftest: {(failures == 0 ? "all passed" : failures + " failed")}");
        return failures == 0 ? 0 : 1;
    }
}
