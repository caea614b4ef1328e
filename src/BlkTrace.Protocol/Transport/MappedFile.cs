using System.IO.MemoryMappedFiles;

namespace BlkTrace.Protocol.Transport;

/// <summary>A whole file mapped shared and read-write; the mapping lives until <see cref="Dispose"/>.</summary>
public sealed unsafe class MappedFile : IDisposable
{
    private readonly MemoryMappedFile _file;
    private readonly MemoryMappedViewAccessor _view;
    private bool _disposed;

    private MappedFile(MemoryMappedFile file, MemoryMappedViewAccessor view, int length)
    {
        _file = file;
        _view = view;
        byte* pointer = null;
        view.SafeMemoryMappedViewHandle.AcquirePointer(ref pointer);
        Region = new MemoryRegion((nint)(pointer + view.PointerOffset), length);
    }

    /// <summary>The mapped bytes.</summary>
    public MemoryRegion Region { get; }

    /// <summary>Maps an existing file of <paramref name="length"/> bytes.</summary>
    public static MappedFile Open(string path, int length)
    {
        var file = MemoryMappedFile.CreateFromFile(path, FileMode.Open, mapName: null, capacity: 0, MemoryMappedFileAccess.ReadWrite);
        try
        {
            var view = file.CreateViewAccessor(0, length, MemoryMappedFileAccess.ReadWrite);
            return new MappedFile(file, view, length);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _view.SafeMemoryMappedViewHandle.ReleasePointer();
        _view.Dispose();
        _file.Dispose();
    }
}
