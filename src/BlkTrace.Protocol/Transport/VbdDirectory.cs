using System.Globalization;
using BlkTrace.Protocol.Blkif;
using BlkTrace.Protocol.XenStore;

namespace BlkTrace.Protocol.Transport;

/// <summary>
/// The cross-process transport of design.md §3: a directory laid out like Xen itself.
/// <list type="bullet">
/// <item><c>grants</c>: the frontend's granted pages, N × 4096 bytes, mapped by both sides; grant reference g is page g.</item>
/// <item><c>xenstore/backend/&lt;node&gt;</c>, <c>xenstore/frontend/&lt;node&gt;</c> (and <c>frontend/queue-&lt;n&gt;/</c>): one file per node.</item>
/// <item><c>evtchn-backend.sock</c>, <c>evtchn-frontend.sock</c> (<c>-&lt;queue&gt;</c> before <c>.sock</c> with several queues): Unix datagram sockets, each bound by the side it names.</item>
/// </list>
/// </summary>
public static class VbdDirectory
{
    /// <summary>The grant pages file.</summary>
    public const string GrantsFileName = "grants";

    /// <summary>The xenstore tree.</summary>
    public const string XenStoreDirectoryName = "xenstore";

    /// <summary>The event channel socket that <paramref name="side"/> binds for <paramref name="queue"/>.</summary>
    public static string EventChannelPath(string directory, XenStoreSide side, int queue, int queueCount) =>
        Path.Combine(directory, queueCount > 1
            ? $"evtchn-{XenStorePath.Root(side)}-{queue.ToString(CultureInfo.InvariantCulture)}.sock"
            : $"evtchn-{XenStorePath.Root(side)}.sock");

    /// <summary>Opens the backend's end, creating the directory if it does not exist.</summary>
    public static IBackendTransport OpenBackend(string directory)
    {
        string full = Path.GetFullPath(directory);
        if (File.Exists(full))
        {
            throw new TransportException($"{full}: is a file, not a vbd directory");
        }

        Directory.CreateDirectory(full);
        return new BackendEnd(full);
    }

    /// <summary>Opens the frontend's end of an existing directory (a backend must have created it).</summary>
    public static IFrontendTransport OpenFrontend(string directory)
    {
        string full = Path.GetFullPath(directory);
        if (!Directory.Exists(full))
        {
            throw new TransportException($"{full}: no such vbd directory (start a backend on it first: blkt backend --vbd {directory})");
        }

        return new FrontendEnd(full);
    }

    private sealed class BackendEnd(string directory) : IBackendTransport
    {
        private readonly DirectoryXenStore _store = new(Path.Combine(directory, XenStoreDirectoryName), XenStoreSide.Backend);
        private MappedFile? _grants;

        public string Description => "vbd directory " + directory;

        public IXenStore Store => _store;

        public IGrantMapper MapGrants()
        {
            string path = Path.Combine(directory, GrantsFileName);
            var info = new FileInfo(path);
            if (!info.Exists)
            {
                throw new TransportException($"{path}: does not exist: the frontend has not granted any pages");
            }

            if (info.Length == 0 || info.Length % BlkifConstants.PageSize != 0 || info.Length > int.MaxValue)
            {
                throw new TransportException($"{path}: is {info.Length} bytes, not a whole number of 4096-byte pages (at most 2 GiB)");
            }

            _grants?.Dispose();
            try
            {
                _grants = MappedFile.Open(path, (int)info.Length);
            }
            catch (IOException e)
            {
                throw new TransportException($"{path}: cannot map the grant pages: {e.Message}", e);
            }

            return new GrantPages(_grants.Region, path);
        }

        public IEventChannel BindEventChannel(int queue, int queueCount) => new UnixSocketEventChannel(
            EventChannelPath(directory, XenStoreSide.Backend, queue, queueCount),
            EventChannelPath(directory, XenStoreSide.Frontend, queue, queueCount));

        public void Dispose()
        {
            _store.Dispose();
            _grants?.Dispose();
        }
    }

    private sealed class FrontendEnd(string directory) : IFrontendTransport
    {
        private readonly DirectoryXenStore _store = new(Path.Combine(directory, XenStoreDirectoryName), XenStoreSide.Frontend);
        private MappedFile? _grants;

        public string Description => "vbd directory " + directory;

        public IXenStore Store => _store;

        public IGrantTable CreateGrants(int pageCount)
        {
            if (pageCount <= 0 || pageCount > int.MaxValue / BlkifConstants.PageSize)
            {
                ThrowHelper.ThrowArgumentOutOfRange(nameof(pageCount), "between 1 and 524287 pages");
            }

            string path = Path.Combine(directory, GrantsFileName);
            string temp = path + ".tmp";
            int length = pageCount * BlkifConstants.PageSize;
            using (var f = new FileStream(temp, FileMode.Create, FileAccess.ReadWrite, FileShare.ReadWrite))
            {
                f.SetLength(length);
            }

            // The backend maps "grants" only once we are Initialised, but a reader must never see a
            // file of the wrong size: create it whole under a temporary name, then rename.
            File.Move(temp, path, overwrite: true);
            _grants?.Dispose();
            _grants = MappedFile.Open(path, length);
            return new GrantPages(_grants.Region, path);
        }

        public IEventChannel BindEventChannel(int queue, int queueCount) => new UnixSocketEventChannel(
            EventChannelPath(directory, XenStoreSide.Frontend, queue, queueCount),
            EventChannelPath(directory, XenStoreSide.Backend, queue, queueCount));

        public void Dispose()
        {
            _store.Dispose();
            _grants?.Dispose();
        }
    }
}
