using BlkTrace.Backend.Profiles;
using BlkTrace.Replay;
using BlkTrace.Replay.Source;
using BlkTrace.Tests.Trace;
using BlkTrace.Trace;
using BlkTrace.Trace.Storage;

namespace BlkTrace.Tests.Replay;

/// <summary>File targets: refused when they exist, exactly the trace's disk, never written past it.</summary>
public class ReplayTargetTests
{
    private const ulong DiskSectors = 2048;

    private static SourceWorkload Workload()
    {
        // Touches the first and the very last sectors of a 1 MiB disk.
        var t = new SourceTrace { Sectors = DiskSectors };
        t.Write(0, 8).Write(DiskSectors - 8, 8).Flush().Read(DiskSectors - 16, 16).Write(1000, 24).Flush();
        return t.Lift();
    }

    [Fact]
    public void FileStore_ExistingFileWithoutForce_RefusedNamingTheFileAndLeftUntouched()
    {
        using var dir = new TempDirectory();
        string image = dir.Combine("disk.img");
        byte[] original = [.. Enumerable.Range(0, 4096).Select(i => (byte)i)];
        File.WriteAllBytes(image, original);
        var e = Assert.Throws<IOException>(() => ReplayRunner.Run(Workload(), ReplayTarget.InProcessBackend(BackendProfiles.ByName("linux"), "file:" + image), new ReplayOptions { Timing = TimingMode.Afap }, dir.Combine("out")));
        Assert.Contains(image, e.Message, StringComparison.Ordinal);
        Assert.Contains("--force", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
        Assert.Equal(original, File.ReadAllBytes(image));
        Assert.False(Directory.Exists(dir.Combine("out")));
    }

    [Fact]
    public void FileStore_ExistingLargerFileWithForce_ReplayedAndNoByteBeyondTheDiskChanged()
    {
        using var dir = new TempDirectory();
        string image = dir.Combine("disk.img");
        long diskBytes = (long)DiskSectors * 512;
        var original = new byte[diskBytes + 65536];
        new Random(3).NextBytes(original);
        File.WriteAllBytes(image, original);
        var result = ReplayRunner.Run(Workload(), ReplayTarget.InProcessBackend(BackendProfiles.ByName("linux"), "file:" + image), new ReplayOptions { Timing = TimingMode.Afap, Force = true }, dir.Combine("out"));
        Assert.Equal(0, result.Summary.Errors.GuestErrors);
        Assert.Equal(0, result.Summary.Verification.Failures);
        byte[] after = File.ReadAllBytes(image);
        Assert.True(after.Length >= diskBytes, $"image shrank to {after.Length}");
        Assert.Equal(original.AsSpan((int)diskBytes).ToArray(), after.AsSpan((int)diskBytes, Math.Min(after.Length - (int)diskBytes, original.Length - (int)diskBytes)).ToArray());
        Assert.NotEqual(original.AsSpan((int)diskBytes - 512, 512).ToArray(), after.AsSpan((int)diskBytes - 512, 512).ToArray());
    }

    [Fact]
    public void FileStore_NewFile_CreatedExactlyTheTracesDisk()
    {
        using var dir = new TempDirectory();
        string image = dir.Combine("new.img");
        var result = ReplayRunner.Run(Workload(), ReplayTarget.InProcessBackend(BackendProfiles.ByName("qemu"), "file:" + image), new ReplayOptions { Timing = TimingMode.Afap }, dir.Combine("out"));
        Assert.Equal((long)DiskSectors * 512, new FileInfo(image).Length);
        Assert.Equal(DiskSectors, result.Summary.Target.DiskSectors);
        using var reader = TraceReader.Open(result.TracePath!);
        Assert.All(reader.ReadAllRows().Where(e => e.Kind == RingEventKind.Request), e => Assert.True(e.Sector + (ulong)e.NrSectors <= DiskSectors, $"request at {e.Sector}+{e.NrSectors} past the disk"));
    }

    [Fact]
    public void FileStore_SizeOtherThanTheDisk_RefusedOneLine()
    {
        using var dir = new TempDirectory();
        var e = Assert.Throws<ArgumentException>(() => ReplayStoreSpec.Resolve("file:" + dir.Combine("x.img") + ",size=4M", DiskSectors, force: false));
        Assert.Contains("exactly the trace's disk", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void OutputDirectory_HoldsAReplay_RefusedWithoutForce()
    {
        using var dir = new TempDirectory();
        var target = ReplayTarget.InProcessBackend(BackendProfiles.ByName("linux"), "mem");
        var o = new ReplayOptions { Timing = TimingMode.Afap };
        ReplayRunner.Run(Workload(), target, o, dir.Combine("out"));
        var e = Assert.Throws<IOException>(() => ReplayRunner.Run(Workload(), target, o, dir.Combine("out")));
        Assert.Contains("--force", e.Message, StringComparison.Ordinal);
        ReplayRunner.Run(Workload(), target, o with { Force = true }, dir.Combine("out"));
    }
}
