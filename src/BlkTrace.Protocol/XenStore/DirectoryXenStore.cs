using System.Text;
using BlkTrace.Protocol.Transport;

namespace BlkTrace.Protocol.XenStore;

/// <summary>
/// The <c>xenstore/</c> tree of a vbd directory: one file per node holding its value as text.
/// Writes go to a hidden temporary file that is renamed over the node, so a reader sees the old
/// value or the new one, never half of one. Changes are watched with inotify (FileSystemWatcher);
/// waits also wake every <see cref="PollMilliseconds"/> so a missed event only costs a poll.
/// </summary>
public sealed class DirectoryXenStore : IXenStore
{
    /// <summary>The longest value xenstore itself accepts (<c>XENSTORE_PAYLOAD_MAX</c>).</summary>
    public const int MaxValueBytes = 4096;

    /// <summary>The poll interval behind the watch.</summary>
    public const int PollMilliseconds = 50;

    private readonly string _root;
    private readonly FileSystemWatcher? _watcher;
    private readonly SemaphoreSlim _changed = new(0, 1);

    /// <summary>Opens (creating if needed) the tree under <paramref name="xenstoreDirectory"/> for <paramref name="side"/>.</summary>
    public DirectoryXenStore(string xenstoreDirectory, XenStoreSide side)
    {
        _root = Path.GetFullPath(xenstoreDirectory);
        Side = side;
        Directory.CreateDirectory(Path.Combine(_root, XenStorePath.Root(side)));
        try
        {
            _watcher = new FileSystemWatcher(_root)
            {
                IncludeSubdirectories = true,
                NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.LastWrite,
            };
            _watcher.Created += OnChanged;
            _watcher.Changed += OnChanged;
            _watcher.Renamed += OnChanged;
            _watcher.Deleted += OnChanged;
            _watcher.EnableRaisingEvents = true;
        }
        catch (IOException)
        {
            // No inotify instance left (fs.inotify.max_user_instances): polling alone still works.
            _watcher?.Dispose();
            _watcher = null;
        }
    }

    /// <inheritdoc />
    public XenStoreSide Side { get; }

    /// <inheritdoc />
    public string? Read(string path)
    {
        if (!XenStorePath.TryParse(path, out _, out _))
        {
            ThrowHelper.ThrowArgument(nameof(path), $"'{path}' is not a node path");
        }

        string file = FileOf(path);
        try
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            Span<byte> buffer = stackalloc byte[MaxValueBytes + 1];
            int total = 0;
            int n;
            while (total < buffer.Length && (n = stream.Read(buffer[total..])) > 0)
            {
                total += n;
            }

            if (total > MaxValueBytes)
            {
                throw new TransportException($"{file}: node value is longer than {MaxValueBytes} bytes");
            }

            return Encoding.UTF8.GetString(buffer[..total]).TrimEnd('\n', '\r', ' ', '\t', '\0');
        }
        catch (FileNotFoundException)
        {
            return null;
        }
        catch (DirectoryNotFoundException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            // A directory of the same name (queue-0/) is not a value.
            return null;
        }
    }

    /// <inheritdoc />
    public void Write(string path, string value)
    {
        XenStorePath.CheckWritable(path, Side);
        ArgumentNullException.ThrowIfNull(value);
        if (Encoding.UTF8.GetByteCount(value) > MaxValueBytes)
        {
            ThrowHelper.ThrowArgument(nameof(value), $"a xenstore value holds at most {MaxValueBytes} bytes");
        }

        string file = FileOf(path);
        string dir = Path.GetDirectoryName(file)!;
        Directory.CreateDirectory(dir);
        string temp = Path.Combine(dir, $".{Path.GetFileName(file)}.{Environment.ProcessId}.{Environment.CurrentManagedThreadId}.tmp");
        File.WriteAllText(temp, value);
        File.Move(temp, file, overwrite: true);
    }

    /// <inheritdoc />
    public void Remove(string path)
    {
        XenStorePath.CheckWritable(path, Side);
        string file = FileOf(path);
        if (File.Exists(file))
        {
            File.Delete(file);
        }
    }

    /// <inheritdoc />
    public IReadOnlyList<string> List(string directory)
    {
        string dir = Path.Combine(_root, directory.Replace('/', Path.DirectorySeparatorChar));
        if (!Directory.Exists(dir))
        {
            return [];
        }

        return [.. Directory.EnumerateFileSystemEntries(dir)
            .Select(Path.GetFileName)
            .OfType<string>()
            .Where(n => n.Length > 0 && n[0] != '.')
            .Order(StringComparer.Ordinal)];
    }

    /// <inheritdoc />
    public bool WaitForChange(int millisecondsTimeout) =>
        _changed.Wait(Math.Min(millisecondsTimeout, PollMilliseconds)) || millisecondsTimeout > PollMilliseconds;

    /// <inheritdoc />
    public string Describe(string path) => FileOf(path);

    /// <inheritdoc />
    public void Dispose()
    {
        _watcher?.Dispose();
        _changed.Dispose();
    }

    private string FileOf(string path) => Path.Combine(_root, path.Replace('/', Path.DirectorySeparatorChar));

    private void OnChanged(object sender, FileSystemEventArgs e)
    {
        if (_changed.CurrentCount == 0)
        {
            try
            {
                _changed.Release();
            }
            catch (SemaphoreFullException)
            {
                // Already signalled by a concurrent event.
            }
            catch (ObjectDisposedException)
            {
                // An event raced with Dispose.
            }
        }
    }
}
