using System.Text;

namespace BlkTrace.Protocol.Transport.Xen;

/// <summary>
/// A connection to the real xenstored through libxenstore (<c>xs_open</c>): absolute paths, transactions,
/// permissions and watches. Values are text. Every failure is a <see cref="TransportException"/> that
/// names the path. The handle is thread-safe (libxenstore serialises requests), but watch events are
/// consumed by whoever calls <see cref="WaitForWatch"/>.
/// </summary>
public sealed unsafe class XenStoreConnection : IDisposable
{
    /// <summary>No transaction (<c>XBT_NULL</c>).</summary>
    public const uint NoTransaction = 0;

    /// <summary>The longest value xenstore accepts (<c>XENSTORE_PAYLOAD_MAX</c>).</summary>
    public const int MaxValueBytes = 4096;

    private nint _handle;

    private XenStoreConnection(nint handle) => _handle = handle;

    /// <summary>Connects to xenstored (its socket, or <c>/dev/xen/xenbus</c>).</summary>
    public static XenStoreConnection Open()
    {
        XenNative.EnsureLoaded();
        nint h = XenNative.XsOpen(0);
        if (h == 0)
        {
            throw new TransportException($"xenstore: cannot connect to xenstored: {XenNative.LastError()} (is this a Xen dom0 with xenstored running?)");
        }

        return new XenStoreConnection(h);
    }

    /// <summary>The node's value, or null when it does not exist (or may not be read).</summary>
    public string? Read(string path, uint transaction = NoTransaction)
    {
        uint length;
        byte* value;
        fixed (byte* p = CString(path))
        {
            value = XenNative.XsRead(Handle, transaction, p, &length);
        }

        if (value == null)
        {
            return null;
        }

        try
        {
            return Encoding.UTF8.GetString(value, (int)Math.Min(length, MaxValueBytes));
        }
        finally
        {
            XenNative.Free(value);
        }
    }

    /// <summary>Writes a node, creating it (and missing parents, which inherit the parent's permissions).</summary>
    public void Write(string path, string value, uint transaction = NoTransaction)
    {
        ArgumentNullException.ThrowIfNull(value);
        byte[] data = Encoding.UTF8.GetBytes(value);
        if (data.Length > MaxValueBytes)
        {
            ThrowHelper.ThrowArgument(nameof(value), $"a xenstore value holds at most {MaxValueBytes} bytes");
        }

        fixed (byte* p = CString(path))
        fixed (byte* d = data)
        {
            if (XenNative.XsWrite(Handle, transaction, p, d, (uint)data.Length) == 0)
            {
                throw Failure("write", path);
            }
        }
    }

    /// <summary>Creates a directory node (no error when it exists).</summary>
    public void MakeDirectory(string path, uint transaction = NoTransaction)
    {
        fixed (byte* p = CString(path))
        {
            if (XenNative.XsMkdir(Handle, transaction, p) == 0)
            {
                throw Failure("mkdir", path);
            }
        }
    }

    /// <summary>Removes a node and its children; false when it did not exist.</summary>
    public bool Remove(string path, uint transaction = NoTransaction)
    {
        fixed (byte* p = CString(path))
        {
            return XenNative.XsRm(Handle, transaction, p) != 0;
        }
    }

    /// <summary>The names directly under <paramref name="path"/> (empty when it does not exist).</summary>
    public IReadOnlyList<string> List(string path, uint transaction = NoTransaction)
    {
        uint count;
        byte** names;
        fixed (byte* p = CString(path))
        {
            names = XenNative.XsDirectory(Handle, transaction, p, &count);
        }

        if (names == null)
        {
            return [];
        }

        try
        {
            var result = new List<string>((int)count);
            for (uint i = 0; i < count; i++)
            {
                if (XenNative.FromUtf8(names[i]) is { } name)
                {
                    result.Add(name);
                }
            }

            result.Sort(StringComparer.Ordinal);
            return result;
        }
        finally
        {
            // One malloc holds the array and the strings.
            XenNative.Free(names);
        }
    }

    /// <summary>Replaces a node's permission list: the first entry is the owner and everyone's default.</summary>
    public void SetPermissions(string path, ReadOnlySpan<XenStorePermission> permissions, uint transaction = NoTransaction)
    {
        if (permissions.IsEmpty)
        {
            ThrowHelper.ThrowArgument(nameof(permissions), "a permission list names at least the owner");
        }

        var native = stackalloc XenNative.XsPermissions[permissions.Length];
        for (int i = 0; i < permissions.Length; i++)
        {
            native[i] = new XenNative.XsPermissions { Id = permissions[i].DomainId, Perms = (uint)permissions[i].Access };
        }

        fixed (byte* p = CString(path))
        {
            if (XenNative.XsSetPermissions(Handle, transaction, p, native, (uint)permissions.Length) == 0)
            {
                throw Failure("set permissions of", path);
            }
        }
    }

    /// <summary>A node's permission list (owner first), or null when it does not exist.</summary>
    public XenStorePermission[]? GetPermissions(string path, uint transaction = NoTransaction)
    {
        uint count;
        XenNative.XsPermissions* native;
        fixed (byte* p = CString(path))
        {
            native = XenNative.XsGetPermissions(Handle, transaction, p, &count);
        }

        if (native == null)
        {
            return null;
        }

        try
        {
            var result = new XenStorePermission[count];
            for (int i = 0; i < count; i++)
            {
                // Only the access bits: xenstored may add internal flags (XS_PERM_OWNER) above them.
                result[i] = new XenStorePermission(native[i].Id, (XenStoreAccess)(native[i].Perms & (uint)XenStoreAccess.ReadWrite));
            }

            return result;
        }
        finally
        {
            XenNative.Free(native);
        }
    }

    /// <summary>Starts a transaction: its reads see a snapshot, its writes land together or not at all.</summary>
    public uint BeginTransaction()
    {
        uint t = XenNative.XsTransactionStart(Handle);
        if (t == NoTransaction)
        {
            throw new TransportException($"xenstore: cannot start a transaction: {XenNative.LastError()}");
        }

        return t;
    }

    /// <summary>
    /// Commits (or, with <paramref name="abort"/>, abandons) a transaction. Returns false when xenstored
    /// refused the commit because another writer got in first (EAGAIN): run the transaction again.
    /// </summary>
    public bool EndTransaction(uint transaction, bool abort = false)
    {
        if (XenNative.XsTransactionEnd(Handle, transaction, abort ? (byte)1 : (byte)0) != 0)
        {
            return true;
        }

        if (System.Runtime.InteropServices.Marshal.GetLastSystemError() == XenNative.EAgain)
        {
            return false;
        }

        throw new TransportException($"xenstore: cannot end transaction {transaction}: {XenNative.LastError()}");
    }

    /// <summary>Runs <paramref name="body"/> in a transaction, again while xenstored says to retry.</summary>
    public void RunTransaction(Action<uint> body, int maxAttempts = 16)
    {
        ArgumentNullException.ThrowIfNull(body);
        for (int attempt = 0; attempt < maxAttempts; attempt++)
        {
            uint t = BeginTransaction();
            try
            {
                body(t);
            }
            catch
            {
                EndTransaction(t, abort: true);
                throw;
            }

            if (EndTransaction(t))
            {
                return;
            }
        }

        throw new TransportException($"xenstore: a transaction was refused {maxAttempts} times running (another writer keeps changing the same nodes)");
    }

    /// <summary>Watches <paramref name="path"/> and everything under it; one event fires at once, as xenstored always does.</summary>
    public void Watch(string path, string token)
    {
        fixed (byte* p = CString(path))
        fixed (byte* t = CString(token))
        {
            if (XenNative.XsWatch(Handle, p, t) == 0)
            {
                throw Failure("watch", path);
            }
        }
    }

    /// <summary>Removes a watch.</summary>
    public void Unwatch(string path, string token)
    {
        fixed (byte* p = CString(path))
        fixed (byte* t = CString(token))
        {
            _ = XenNative.XsUnwatch(Handle, p, t);
        }
    }

    /// <summary>
    /// Waits until a watch fires or the timeout passes, and consumes every pending watch event.
    /// True when at least one fired. Callers re-read what they wait for.
    /// </summary>
    public bool WaitForWatch(int millisecondsTimeout)
    {
        if (Drain())
        {
            return true;
        }

        int fd = XenNative.XsFileno(Handle);
        if (fd < 0)
        {
            throw new TransportException($"xenstore: no watch file descriptor: {XenNative.LastError()}");
        }

        return XenNative.WaitReadable(fd, millisecondsTimeout) && Drain();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        nint h = Interlocked.Exchange(ref _handle, 0);
        if (h != 0)
        {
            XenNative.XsClose(h);
        }
    }

    private nint Handle
    {
        get
        {
            ObjectDisposedException.ThrowIf(_handle == 0, this);
            return _handle;
        }
    }

    private static byte[] CString(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        int n = Encoding.UTF8.GetByteCount(text);
        byte[] bytes = new byte[n + 1];
        Encoding.UTF8.GetBytes(text, bytes);
        return bytes;
    }

    private static TransportException Failure(string what, string path) =>
        new($"xenstore: cannot {what} {path}: {XenNative.LastError()}");

    private bool Drain()
    {
        bool any = false;
        while (true)
        {
            byte** ev = XenNative.XsCheckWatch(Handle);
            if (ev == null)
            {
                return any;
            }

            XenNative.Free(ev);
            any = true;
        }
    }
}
