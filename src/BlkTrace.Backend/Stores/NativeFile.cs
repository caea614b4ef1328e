using System.Runtime.InteropServices;

namespace BlkTrace.Backend.Stores;

/// <summary>The few libc calls .NET does not expose: <c>fdatasync</c>, <c>fallocate</c> and <c>open(O_DIRECT)</c>.</summary>
internal static class NativeFile
{
    /// <summary><c>O_RDWR</c>.</summary>
    public const int ORdWr = 0x2;

    /// <summary><c>O_CREAT</c>.</summary>
    public const int OCreat = 0x40;

    /// <summary><c>O_DIRECT</c> (x86_64 and arm64 Linux).</summary>
    public const int ODirect = 0x4000;

    /// <summary><c>O_CLOEXEC</c>.</summary>
    public const int OCloExec = 0x80000;

    /// <summary><c>FALLOC_FL_KEEP_SIZE | FALLOC_FL_PUNCH_HOLE</c>.</summary>
    public const int PunchHole = 0x01 | 0x02;

    // DllImport rather than LibraryImport: the generated stubs need unsafe code, which only Protocol may use.
    [DllImport("libc", EntryPoint = "fdatasync", SetLastError = true)]
    public static extern int FDataSync(int fd);

    [DllImport("libc", EntryPoint = "fallocate", SetLastError = true)]
    public static extern int FAllocate(int fd, int mode, long offset, long length);

    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    public static extern int Open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, int mode);
}
