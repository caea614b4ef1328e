using System.Runtime.InteropServices;

namespace BlkTrace.Protocol.Transport.Xen;

/// <summary>
/// The raw device interfaces a frontend in a guest needs — <c>/dev/xen/gntalloc</c> and
/// <c>/dev/xen/evtchn</c> — as Linux defines them (<c>xen/sys/gntalloc.h</c>, <c>xen/sys/evtchn.h</c>
/// in libxen-dev): request numbers, argument layouts, and libc's open/ioctl/mmap/read/write loaded
/// with <see cref="NativeLibrary"/> on first use. A guest needs only libc for these; the layouts are
/// unit-tested against Xen's headers on any host.
/// </summary>
internal static unsafe class XenIoctl
{
    /// <summary><c>IOCTL_GNTALLOC_ALLOC_GREF</c>: <c>_IOC(_IOC_NONE, 'G', 5, sizeof(struct ioctl_gntalloc_alloc_gref))</c>.</summary>
    public static readonly uint IoctlGntallocAllocGref = Ioc('G', 5, (uint)sizeof(GntallocAllocGref));

    /// <summary><c>IOCTL_GNTALLOC_DEALLOC_GREF</c>.</summary>
    public static readonly uint IoctlGntallocDeallocGref = Ioc('G', 6, (uint)sizeof(GntallocDeallocGref));

    /// <summary><c>IOCTL_EVTCHN_BIND_UNBOUND_PORT</c>.</summary>
    public static readonly uint IoctlEvtchnBindUnboundPort = Ioc('E', 2, sizeof(uint));

    /// <summary><c>IOCTL_EVTCHN_UNBIND</c>.</summary>
    public static readonly uint IoctlEvtchnUnbind = Ioc('E', 3, sizeof(uint));

    /// <summary><c>IOCTL_EVTCHN_NOTIFY</c>.</summary>
    public static readonly uint IoctlEvtchnNotify = Ioc('E', 4, sizeof(uint));

    /// <summary><c>GNTALLOC_FLAG_WRITABLE</c>: the peer may write the pages.</summary>
    public const ushort GntallocFlagWritable = 1;

    /// <summary>open's O_RDWR | O_CLOEXEC.</summary>
    public const int OpenReadWrite = 0x2 | 0x80000;

    /// <summary>mmap's MAP_SHARED.</summary>
    public const int MapShared = 1;

    private const string LibC = "libc.so.6";
    private static readonly Lock Gate = new();
    private static bool _loaded;

    public static delegate* unmanaged<byte*, int, int> Open;
    public static delegate* unmanaged<int, int> Close;
    public static delegate* unmanaged<int, nuint, void*, int> Ioctl;
    public static delegate* unmanaged<void*, nuint, int, int, int, long, void*> Mmap;
    public static delegate* unmanaged<void*, nuint, int> Munmap;
    public static delegate* unmanaged<int, void*, nuint, nint> Read;
    public static delegate* unmanaged<int, void*, nuint, nint> Write;
    public static delegate* unmanaged<XenNative.PollFd*, nuint, int, int> Poll;

    /// <summary><c>_IOC(_IOC_NONE, type, nr, size)</c> of Linux's asm-generic/ioctl.h (x86).</summary>
    public static uint Ioc(char type, uint number, uint size) => (size << 16) | ((uint)type << 8) | number;

    /// <summary>Loads libc's entry points (once).</summary>
    public static void EnsureLoaded()
    {
        lock (Gate)
        {
            if (_loaded)
            {
                return;
            }

            if (!OperatingSystem.IsLinux() || !NativeLibrary.TryLoad(LibC, out nint libc))
            {
                throw new TransportException("the Xen frontend transport runs only on Linux, in a Xen guest");
            }

            Open = (delegate* unmanaged<byte*, int, int>)NativeLibrary.GetExport(libc, "open");
            Close = (delegate* unmanaged<int, int>)NativeLibrary.GetExport(libc, "close");
            Ioctl = (delegate* unmanaged<int, nuint, void*, int>)NativeLibrary.GetExport(libc, "ioctl");
            Mmap = (delegate* unmanaged<void*, nuint, int, int, int, long, void*>)NativeLibrary.GetExport(libc, "mmap");
            Munmap = (delegate* unmanaged<void*, nuint, int>)NativeLibrary.GetExport(libc, "munmap");
            Read = (delegate* unmanaged<int, void*, nuint, nint>)NativeLibrary.GetExport(libc, "read");
            Write = (delegate* unmanaged<int, void*, nuint, nint>)NativeLibrary.GetExport(libc, "write");
            Poll = (delegate* unmanaged<XenNative.PollFd*, nuint, int, int>)NativeLibrary.GetExport(libc, "poll");
            _loaded = true;
        }
    }

    /// <summary>Opens a device node read-write; a missing node is a one-line <see cref="TransportException"/> naming the module.</summary>
    public static int OpenDevice(string path, string module)
    {
        EnsureLoaded();
        byte[] name = System.Text.Encoding.UTF8.GetBytes(path + "\0");
        fixed (byte* p = name)
        {
            int fd = Open(p, OpenReadWrite);
            if (fd < 0)
            {
                throw new TransportException($"{path}: cannot open: {LastError()} (load the {module} module)");
            }

            return fd;
        }
    }

    /// <summary>Waits until <paramref name="fd"/> is readable or the timeout passes; true when readable.</summary>
    public static bool WaitReadable(int fd, int millisecondsTimeout)
    {
        var pfd = new XenNative.PollFd { Fd = fd, Events = XenNative.PollIn };
        long deadline = millisecondsTimeout < 0 ? long.MaxValue : Environment.TickCount64 + millisecondsTimeout;
        while (true)
        {
            int left = millisecondsTimeout < 0 ? -1 : (int)Math.Max(0, deadline - Environment.TickCount64);
            int n = Poll(&pfd, 1, left);
            if (n > 0)
            {
                return (pfd.Revents & XenNative.PollIn) != 0;
            }

            if (n == 0 || Marshal.GetLastSystemError() != XenNative.EIntr)
            {
                return false;
            }
        }
    }

    /// <summary>The C error of the call just made, as text.</summary>
    public static string LastError()
    {
        int errno = Marshal.GetLastSystemError();
        return $"{Marshal.GetPInvokeErrorMessage(errno)} (errno {errno})";
    }

    /// <summary>
    /// <c>struct ioctl_gntalloc_alloc_gref { uint16_t domid; uint16_t flags; uint32_t count; uint64_t index;
    /// uint32_t gref_ids[1]; }</c>: 24 bytes; the kernel writes <c>count</c> ids from offset 16 on.
    /// </summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct GntallocAllocGref
    {
        public ushort Domid;
        public ushort Flags;
        public uint Count;
        public ulong Index;
        public uint FirstGrefId;
    }

    /// <summary><c>struct ioctl_gntalloc_dealloc_gref { uint64_t index; uint32_t count; }</c>: 16 bytes.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct GntallocDeallocGref
    {
        public ulong Index;
        public uint Count;
    }
}
