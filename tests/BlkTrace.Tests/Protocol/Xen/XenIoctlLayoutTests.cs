using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using BlkTrace.Protocol.Transport.Xen;

namespace BlkTrace.Tests.Protocol.Xen;

// The frontend's raw device interfaces (/dev/xen/gntalloc, /dev/xen/evtchn) as our code lays them
// out, held to Xen's own headers (xen/sys/gntalloc.h, xen/sys/evtchn.h from Debian's libxen-dev): a C
// program compiled against them prints the sizes, offsets and request numbers, and ours must match.
public sealed class XenIoctlLayoutTests
{
    private const string Program = """
        #include <stdio.h>
        #include <stddef.h>
        #include <stdint.h>
        #include <sys/ioctl.h>
        #include <xen/xen.h>
        #include <xen/sys/gntalloc.h>
        #include <xen/sys/evtchn.h>
        int main(void) {
          printf("alloc_size %zu\n", sizeof(struct ioctl_gntalloc_alloc_gref));
          printf("alloc_domid %zu\n", offsetof(struct ioctl_gntalloc_alloc_gref, domid));
          printf("alloc_flags %zu\n", offsetof(struct ioctl_gntalloc_alloc_gref, flags));
          printf("alloc_count %zu\n", offsetof(struct ioctl_gntalloc_alloc_gref, count));
          printf("alloc_index %zu\n", offsetof(struct ioctl_gntalloc_alloc_gref, index));
          printf("alloc_gref_ids %zu\n", offsetof(struct ioctl_gntalloc_alloc_gref, gref_ids));
          printf("dealloc_size %zu\n", sizeof(struct ioctl_gntalloc_dealloc_gref));
          printf("dealloc_count %zu\n", offsetof(struct ioctl_gntalloc_dealloc_gref, count));
          printf("ioctl_alloc %lu\n", (unsigned long)IOCTL_GNTALLOC_ALLOC_GREF);
          printf("ioctl_dealloc %lu\n", (unsigned long)IOCTL_GNTALLOC_DEALLOC_GREF);
          printf("flag_writable %d\n", GNTALLOC_FLAG_WRITABLE);
          printf("ioctl_bind_unbound %lu\n", (unsigned long)IOCTL_EVTCHN_BIND_UNBOUND_PORT);
          printf("ioctl_unbind %lu\n", (unsigned long)IOCTL_EVTCHN_UNBIND);
          printf("ioctl_notify %lu\n", (unsigned long)IOCTL_EVTCHN_NOTIFY);
          return 0;
        }
        """;

    [SkippableFact]
    public void Layouts_AgainstXenHeaders_Match()
    {
        Skip.IfNot(File.Exists("/usr/include/xen/sys/gntalloc.h"), "Xen headers not installed (Debian libxen-dev; .ci/install-deps installs it)");
        Skip.IfNot(File.Exists("/usr/bin/gcc"), "gcc not installed (.ci/install-deps installs it)");
        var c = CompileAndRun();

        Assert.Equal((ulong)Unsafe.SizeOf<XenIoctl.GntallocAllocGref>(), c["alloc_size"]);
        Assert.Equal(0ul, c["alloc_domid"]);
        Assert.Equal(2ul, c["alloc_flags"]);
        Assert.Equal(4ul, c["alloc_count"]);
        Assert.Equal(8ul, c["alloc_index"]);
        Assert.Equal(16ul, c["alloc_gref_ids"]);
        Assert.Equal((ulong)Unsafe.SizeOf<XenIoctl.GntallocDeallocGref>(), c["dealloc_size"]);
        Assert.Equal(8ul, c["dealloc_count"]);
        Assert.Equal(XenIoctl.IoctlGntallocAllocGref, c["ioctl_alloc"]);
        Assert.Equal(XenIoctl.IoctlGntallocDeallocGref, c["ioctl_dealloc"]);
        Assert.Equal(XenIoctl.GntallocFlagWritable, c["flag_writable"]);
        Assert.Equal(XenIoctl.IoctlEvtchnBindUnboundPort, c["ioctl_bind_unbound"]);
        Assert.Equal(XenIoctl.IoctlEvtchnUnbind, c["ioctl_unbind"]);
        Assert.Equal(XenIoctl.IoctlEvtchnNotify, c["ioctl_notify"]);
    }

    [Fact]
    public void FromNodes_BlkbackDevice_FindsBackendDomainAndType()
    {
        var nodes = new Dictionary<string, string>
        {
            ["/local/domain/5/device/vbd/51712/backend"] = "/local/domain/0/backend/vbd/5/51712",
            ["/local/domain/5/device/vbd/51712/backend-id"] = "0",
        };

        var paths = XenFrontendTransport.FromNodes(5, 51712, p => nodes.GetValueOrDefault(p));

        Assert.Equal(new XenDevicePaths(5, 51712, 0, "vbd"), paths);
        Assert.Equal("/local/domain/0/backend/vbd/5/51712", paths.BackendPath);
    }

    [Fact]
    public void FromNodes_QdiskDevice_KeepsItsBackendType()
    {
        var paths = XenFrontendTransport.FromNodes(2, 51712, p => p.EndsWith("/backend", StringComparison.Ordinal) ? "/local/domain/0/backend/qdisk/2/51712" : null);

        Assert.Equal("/local/domain/0/backend/qdisk/2/51712", paths.BackendPath);
    }

    [Theory]
    [InlineData(null, "no such node")]
    [InlineData("/local/domain/0/backend/vbd/9/51712", "not /local/domain")]
    [InlineData("/somewhere/else", "not /local/domain")]
    public void FromNodes_MissingOrForeignBackend_ThrowsOneLine(string? backend, string expected)
    {
        var e = Assert.Throws<BlkTrace.Protocol.Transport.TransportException>(() => XenFrontendTransport.FromNodes(5, 51712, _ => backend));

        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
    }

    private static Dictionary<string, ulong> CompileAndRun()
    {
        string dir = Directory.CreateTempSubdirectory("blkt-ioctl-").FullName;
        try
        {
            string src = Path.Combine(dir, "layout.c"), exe = Path.Combine(dir, "layout");
            File.WriteAllText(src, Program);
            string gcc = Run("/usr/bin/gcc", "-Wall", "-Werror", "-o", exe, src);
            Assert.True(File.Exists(exe), gcc);
            return Run(exe).Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(l => l.Split(' '))
                .ToDictionary(p => p[0], p => ulong.Parse(p[1], CultureInfo.InvariantCulture));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static string Run(string file, params string[] args)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string a in args)
        {
            psi.ArgumentList.Add(a);
        }

        using var p = Process.Start(psi)!;
        var err = p.StandardError.ReadToEndAsync();
        string output = p.StandardOutput.ReadToEnd();
        Assert.True(p.WaitForExit(120_000), file + " did not finish");
        return output + err.GetAwaiter().GetResult();
    }
}
