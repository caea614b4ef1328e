using System.Runtime.InteropServices;

namespace BlkTrace.Protocol.Transport.Xen;

/// <summary>
/// Debian's Xen libraries, loaded when the Xen transport is first used and never before: they exist
/// only in a dom0, so nothing may bind to them at build time or when the assembly loads. Every entry
/// point is a function pointer looked up by name, which behaves the same under the JIT and NativeAOT.
/// </summary>
internal static unsafe class XenNative
{
    /// <summary>libxenstore4.</summary>
    public const string XenStoreLibrary = "libxenstore.so.4";

    /// <summary>libxengnttab1.</summary>
    public const string GntTabLibrary = "libxengnttab.so.1";

    /// <summary>libxenevtchn1.</summary>
    public const string EvtchnLibrary = "libxenevtchn.so.1";

    private const string LibC = "libc.so.6";

    private static readonly Lock Gate = new();
    private static bool _loaded;

    // xenstore.h (xs_transaction_t is uint32_t, C bool is one byte).
    public static delegate* unmanaged<nuint, nint> XsOpen;
    public static delegate* unmanaged<nint, void> XsClose;
    public static delegate* unmanaged<nint, uint, byte*, uint*, byte**> XsDirectory;
    public static delegate* unmanaged<nint, uint, byte*, uint*, byte*> XsRead;
    public static delegate* unmanaged<nint, uint, byte*, byte*, uint, byte> XsWrite;
    public static delegate* unmanaged<nint, uint, byte*, byte> XsMkdir;
    public static delegate* unmanaged<nint, uint, byte*, byte> XsRm;
    public static delegate* unmanaged<nint, uint, byte*, XsPermissions*, uint, byte> XsSetPermissions;
    public static delegate* unmanaged<nint, uint, byte*, uint*, XsPermissions*> XsGetPermissions;
    public static delegate* unmanaged<nint, byte*, byte*, byte> XsWatch;
    public static delegate* unmanaged<nint, byte*, byte*, byte> XsUnwatch;
    public static delegate* unmanaged<nint, int> XsFileno;
    public static delegate* unmanaged<nint, byte**> XsCheckWatch;
    public static delegate* unmanaged<nint, uint> XsTransactionStart;
    public static delegate* unmanaged<nint, uint, byte, byte> XsTransactionEnd;

    // xengnttab.h.
    public static delegate* unmanaged<nint, uint, nint> GntOpen;
    public static delegate* unmanaged<nint, int> GntClose;
    public static delegate* unmanaged<nint, uint, uint, int, void*> GntMapGrantRef;
    public static delegate* unmanaged<nint, uint, uint, uint*, int, void*> GntMapDomainGrantRefs;
    public static delegate* unmanaged<nint, void*, uint, int> GntUnmap;

    // xenevtchn.h (evtchn_port_t is uint32_t; xenevtchn_port_or_error_t is int).
    public static delegate* unmanaged<nint, uint, nint> EvtOpen;
    public static delegate* unmanaged<nint, int> EvtClose;
    public static delegate* unmanaged<nint, int> EvtFd;
    public static delegate* unmanaged<nint, uint, int> EvtNotify;
    public static delegate* unmanaged<nint, uint, uint, int> EvtBindInterdomain;
    public static delegate* unmanaged<nint, uint, int> EvtUnbind;
    public static delegate* unmanaged<nint, int> EvtPending;
    public static delegate* unmanaged<nint, uint, int> EvtUnmask;

    // libc.
    public static delegate* unmanaged<PollFd*, nuint, int, int> Poll;

    /// <summary>mmap's PROT_READ | PROT_WRITE.</summary>
    public const int ProtReadWrite = 3;

    /// <summary>poll's POLLIN.</summary>
    public const short PollIn = 1;

    /// <summary>errno EAGAIN.</summary>
    public const int EAgain = 11;

    /// <summary>errno EINTR.</summary>
    public const int EIntr = 4;

    /// <summary>
    /// Loads the three libraries (once). A machine that is not a Xen dom0 gets a
    /// <see cref="TransportException"/> that says which library is missing and where it comes from.
    /// </summary>
    public static void EnsureLoaded()
    {
        lock (Gate)
        {
            if (_loaded)
            {
                return;
            }

            if (!OperatingSystem.IsLinux())
            {
                throw new TransportException("the Xen transport runs only on Linux, in a Xen dom0");
            }

            nint xs = Load(XenStoreLibrary, "libxenstore4");
            nint gnt = Load(GntTabLibrary, "libxengnttab1");
            nint evt = Load(EvtchnLibrary, "libxenevtchn1");
            nint libc = Load(LibC, "libc6");

            XsOpen = (delegate* unmanaged<nuint, nint>)Export(xs, XenStoreLibrary, "xs_open");
            XsClose = (delegate* unmanaged<nint, void>)Export(xs, XenStoreLibrary, "xs_close");
            XsDirectory = (delegate* unmanaged<nint, uint, byte*, uint*, byte**>)Export(xs, XenStoreLibrary, "xs_directory");
            XsRead = (delegate* unmanaged<nint, uint, byte*, uint*, byte*>)Export(xs, XenStoreLibrary, "xs_read");
            XsWrite = (delegate* unmanaged<nint, uint, byte*, byte*, uint, byte>)Export(xs, XenStoreLibrary, "xs_write");
            XsMkdir = (delegate* unmanaged<nint, uint, byte*, byte>)Export(xs, XenStoreLibrary, "xs_mkdir");
            XsRm = (delegate* unmanaged<nint, uint, byte*, byte>)Export(xs, XenStoreLibrary, "xs_rm");
            XsSetPermissions = (delegate* unmanaged<nint, uint, byte*, XsPermissions*, uint, byte>)Export(xs, XenStoreLibrary, "xs_set_permissions");
            XsGetPermissions = (delegate* unmanaged<nint, uint, byte*, uint*, XsPermissions*>)Export(xs, XenStoreLibrary, "xs_get_permissions");
            XsWatch = (delegate* unmanaged<nint, byte*, byte*, byte>)Export(xs, XenStoreLibrary, "xs_watch");
            XsUnwatch = (delegate* unmanaged<nint, byte*, byte*, byte>)Export(xs, XenStoreLibrary, "xs_unwatch");
            XsFileno = (delegate* unmanaged<nint, int>)Export(xs, XenStoreLibrary, "xs_fileno");
            XsCheckWatch = (delegate* unmanaged<nint, byte**>)Export(xs, XenStoreLibrary, "xs_check_watch");
            XsTransactionStart = (delegate* unmanaged<nint, uint>)Export(xs, XenStoreLibrary, "xs_transaction_start");
            XsTransactionEnd = (delegate* unmanaged<nint, uint, byte, byte>)Export(xs, XenStoreLibrary, "xs_transaction_end");

            GntOpen = (delegate* unmanaged<nint, uint, nint>)Export(gnt, GntTabLibrary, "xengnttab_open");
            GntClose = (delegate* unmanaged<nint, int>)Export(gnt, GntTabLibrary, "xengnttab_close");
            GntMapGrantRef = (delegate* unmanaged<nint, uint, uint, int, void*>)Export(gnt, GntTabLibrary, "xengnttab_map_grant_ref");
            GntMapDomainGrantRefs = (delegate* unmanaged<nint, uint, uint, uint*, int, void*>)Export(gnt, GntTabLibrary, "xengnttab_map_domain_grant_refs");
            GntUnmap = (delegate* unmanaged<nint, void*, uint, int>)Export(gnt, GntTabLibrary, "xengnttab_unmap");

            EvtOpen = (delegate* unmanaged<nint, uint, nint>)Export(evt, EvtchnLibrary, "xenevtchn_open");
            EvtClose = (delegate* unmanaged<nint, int>)Export(evt, EvtchnLibrary, "xenevtchn_close");
            EvtFd = (delegate* unmanaged<nint, int>)Export(evt, EvtchnLibrary, "xenevtchn_fd");
            EvtNotify = (delegate* unmanaged<nint, uint, int>)Export(evt, EvtchnLibrary, "xenevtchn_notify");
            EvtBindInterdomain = (delegate* unmanaged<nint, uint, uint, int>)Export(evt, EvtchnLibrary, "xenevtchn_bind_interdomain");
            EvtUnbind = (delegate* unmanaged<nint, uint, int>)Export(evt, EvtchnLibrary, "xenevtchn_unbind");
            EvtPending = (delegate* unmanaged<nint, int>)Export(evt, EvtchnLibrary, "xenevtchn_pending");
            EvtUnmask = (delegate* unmanaged<nint, uint, int>)Export(evt, EvtchnLibrary, "xenevtchn_unmask");

            Poll = (delegate* unmanaged<PollFd*, nuint, int, int>)Export(libc, LibC, "poll");

            _loaded = true;
        }
    }

    /// <summary>The C error of the call just made (<c>errno</c>) as text, for messages.</summary>
    public static string LastError()
    {
        int errno = Marshal.GetLastSystemError();
        return $"{Marshal.GetPInvokeErrorMessage(errno)} (errno {errno})";
    }

    /// <summary>Waits until <paramref name="fd"/> is readable or the timeout passes; true when readable.</summary>
    public static bool WaitReadable(int fd, int millisecondsTimeout)
    {
        var pfd = new PollFd { Fd = fd, Events = PollIn };
        long deadline = millisecondsTimeout < 0 ? long.MaxValue : Environment.TickCount64 + millisecondsTimeout;
        while (true)
        {
            int left = millisecondsTimeout < 0 ? -1 : (int)Math.Max(0, deadline - Environment.TickCount64);
            int n = Poll(&pfd, 1, left);
            if (n > 0)
            {
                return (pfd.Revents & PollIn) != 0;
            }

            if (n == 0 || Marshal.GetLastSystemError() != EIntr)
            {
                return false;
            }
        }
    }

    /// <summary>A NUL-terminated C string that the library allocated, as text (null for NULL).</summary>
    public static string? FromUtf8(byte* text) => text == null ? null : Marshal.PtrToStringUTF8((nint)text);

    /// <summary>Frees what the library allocated with malloc (xs_read, xs_directory, xs_check_watch).</summary>
    public static void Free(void* pointer) => NativeMemory.Free(pointer);

    private static nint Load(string name, string package)
    {
        if (NativeLibrary.TryLoad(name, out nint handle))
        {
            return handle;
        }

        throw new TransportException($"{name}: cannot be loaded: the Xen transport runs in a Xen dom0 with Debian's {package} installed (apt-get install {package})");
    }

    private static nint Export(nint library, string libraryName, string name)
    {
        if (NativeLibrary.TryGetExport(library, name, out nint address))
        {
            return address;
        }

        throw new TransportException($"{libraryName}: has no {name}: not the Xen 4.x library this transport was written for");
    }

    /// <summary><c>struct pollfd</c>.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct PollFd
    {
        public int Fd;
        public short Events;
        public short Revents;
    }

    /// <summary><c>struct xs_permissions { unsigned int id; unsigned int perms; }</c>.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct XsPermissions
    {
        public uint Id;
        public uint Perms;
    }
}
