using System.Runtime.InteropServices;
using BlkTrace.Protocol.Blkif;
using Microsoft.Win32.SafeHandles;

namespace BlkTrace.Backend.Stores;

/// <summary>
/// <c>file:PATH[,direct][,size=N]</c>: a disk image file. Reads and writes are <c>pread</c>/<c>pwrite</c>
/// at the request's offset; a flush is one <c>fdatasync</c> (counted, so tests can prove a guest's
/// flush reached it). With <c>direct</c> the file is opened <c>O_DIRECT</c> and data goes through a
/// 4 KiB-aligned bounce buffer per thread (a page at a time), since guest segments may start at any
/// 512-byte sector.
/// The disk is the first <c>size</c> bytes of the file (the whole file without <c>size</c>); nothing is
/// ever written past it.
/// </summary>
public sealed class FileBlockStore : IBlockStore
{
    [ThreadStatic]
    private static byte[]? _bounce;

    [ThreadStatic]
    private static int _bounceOffset;

    private readonly SafeFileHandle _handle;
    private readonly int _fd;

    /// <summary>Opens (or creates) <paramref name="path"/>.</summary>
    /// <param name="path">The image file.</param>
    /// <param name="sizeBytes">Disk size; the file is extended to it when shorter. Null: the file's length.</param>
    /// <param name="direct">Open with <c>O_DIRECT</c>.</param>
    public FileBlockStore(string path, ulong? sizeBytes = null, bool direct = false)
    {
        ArgumentNullException.ThrowIfNull(path);
        string full = Path.GetFullPath(path);
        if (sizeBytes is null && !File.Exists(full))
        {
            throw new ArgumentException($"file:{path}: does not exist; give its size to create it (file:{path},size=1G)");
        }

        if (sizeBytes is { } s && (s == 0 || s % BlkifConstants.SectorSize != 0))
        {
            throw new ArgumentException($"file:{path}: size {s} is not a positive multiple of 512 bytes");
        }

        _handle = direct ? OpenDirect(full) : File.OpenHandle(full, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.ReadWrite);
        try
        {
            long length = RandomAccess.GetLength(_handle);
            ulong size = sizeBytes ?? (ulong)length;
            if (size == 0 || size % BlkifConstants.SectorSize != 0)
            {
                throw new ArgumentException($"file:{path}: is {length} bytes, not a positive multiple of 512");
            }

            if ((ulong)length < size)
            {
                RandomAccess.SetLength(_handle, (long)size);
            }

            Sectors = size / BlkifConstants.SectorSize;
        }
        catch
        {
            _handle.Dispose();
            throw;
        }

        _fd = (int)_handle.DangerousGetHandle();
        FilePath = full;
        Direct = direct;
        Description = "file:" + full + (direct ? ",direct" : string.Empty);
    }

    /// <summary>The image file.</summary>
    public string FilePath { get; }

    /// <summary>True when opened with <c>O_DIRECT</c>.</summary>
    public bool Direct { get; }

    /// <inheritdoc />
    public string Kind => "file";

    /// <inheritdoc />
    public string Description { get; }

    /// <inheritdoc />
    public ulong Sectors { get; }

    /// <inheritdoc />
    public bool HasVolatileCache => true;

    /// <inheritdoc />
    public bool SupportsDiscard => true;

    /// <inheritdoc />
    public bool CompletesInline => false;

    /// <inheritdoc />
    public StoreCounters Counters { get; } = new();

    /// <inheritdoc />
    public void Read(ulong offset, Span<byte> destination)
    {
        StoreBounds.Check(offset, (ulong)destination.Length, Sectors);
        if (Direct)
        {
            for (int done = 0; done < destination.Length; done += BlkifConstants.PageSize)
            {
                var chunk = destination.Slice(done, Math.Min(BlkifConstants.PageSize, destination.Length - done));
                var bounce = Bounce(chunk.Length);
                ReadFully(bounce, offset + (ulong)done);
                bounce.CopyTo(chunk);
            }
        }
        else
        {
            ReadFully(destination, offset);
        }

        Counters.CountRead(destination.Length);
    }

    /// <inheritdoc />
    public void Write(ulong offset, ReadOnlySpan<byte> source)
    {
        StoreBounds.Check(offset, (ulong)source.Length, Sectors);
        if (Direct)
        {
            for (int done = 0; done < source.Length; done += BlkifConstants.PageSize)
            {
                var chunk = source.Slice(done, Math.Min(BlkifConstants.PageSize, source.Length - done));
                var bounce = Bounce(chunk.Length);
                chunk.CopyTo(bounce);
                RandomAccess.Write(_handle, bounce, (long)offset + done);
            }
        }
        else
        {
            RandomAccess.Write(_handle, source, (long)offset);
        }

        Counters.CountWrite(source.Length);
    }

    /// <inheritdoc />
    public void Flush()
    {
        if (NativeFile.FDataSync(_fd) != 0)
        {
            throw new IOException($"{Description}: fdatasync failed (errno {Marshal.GetLastPInvokeError()})");
        }

        Counters.CountFlush();
    }

    /// <inheritdoc />
    public void Discard(ulong offset, ulong length)
    {
        StoreBounds.Check(offset, length, Sectors);
        if (length > 0 && NativeFile.FAllocate(_fd, NativeFile.PunchHole, (long)offset, (long)length) != 0)
        {
            // The file system cannot punch holes: discarded blocks must still read as zeros.
            Span<byte> zeros = stackalloc byte[BlkifConstants.PageSize];
            zeros.Clear();
            while (length > 0)
            {
                int n = (int)Math.Min(length, (ulong)zeros.Length);
                Write(offset, zeros[..n]);
                offset += (ulong)n;
                length -= (ulong)n;
            }
        }

        Counters.CountDiscard();
    }

    /// <inheritdoc />
    public void Dispose() => _handle.Dispose();

    private static SafeFileHandle OpenDirect(string path)
    {
        int fd = NativeFile.Open(path, NativeFile.ORdWr | NativeFile.OCreat | NativeFile.ODirect | NativeFile.OCloExec, 0x1B6);
        if (fd < 0)
        {
            throw new IOException($"file:{path}: cannot open with O_DIRECT (errno {Marshal.GetLastPInvokeError()})");
        }

        return new SafeFileHandle(fd, ownsHandle: true);
    }

    private static Span<byte> Bounce(int length)
    {
        if (_bounce is null)
        {
            // One aligned page per thread for the life of the thread: O_DIRECT needs aligned memory,
            // and an array on the pinned heap never moves, so the aligned window inside it stays aligned.
            _bounce = GC.AllocateArray<byte>(2 * BlkifConstants.PageSize, pinned: true);
            long address = Marshal.UnsafeAddrOfPinnedArrayElement(_bounce, 0);
            _bounceOffset = (int)((BlkifConstants.PageSize - (address % BlkifConstants.PageSize)) % BlkifConstants.PageSize);
        }

        return _bounce.AsSpan(_bounceOffset, length);
    }

    private void ReadFully(Span<byte> destination, ulong offset)
    {
        while (!destination.IsEmpty)
        {
            int n = RandomAccess.Read(_handle, destination, (long)offset);
            if (n <= 0)
            {
                // Past the end of a sparse or short file: the disk reads as zeros there.
                destination.Clear();
                return;
            }

            destination = destination[n..];
            offset += (ulong)n;
        }
    }
}
