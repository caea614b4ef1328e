using System.Runtime.InteropServices;
using BlkTrace.Protocol.Blkif;
using BlkTrace.Protocol.XenStore;

namespace BlkTrace.Protocol.Transport;

/// <summary>
/// Both ends of a device in one process: a shared in-memory store, grant pages in page-aligned
/// native memory (never moved by the GC), and in-process event channels. The same ring code runs
/// over it as over a vbd directory. Dispose once both ends are done.
/// </summary>
public sealed unsafe class InProcessVbd : IDisposable
{
    private readonly InMemoryXenStore _store = new();
    private readonly Dictionary<int, (InProcessEventChannel Front, InProcessEventChannel Back)> _channels = [];
    private readonly Lock _lock = new();
    private GrantPages? _grants;
    private void* _memory;

    /// <summary>Creates the pair.</summary>
    public InProcessVbd()
    {
        Frontend = new FrontendEnd(this);
        Backend = new BackendEnd(this);
    }

    /// <summary>The frontend's end.</summary>
    public IFrontendTransport Frontend { get; }

    /// <summary>The backend's end.</summary>
    public IBackendTransport Backend { get; }

    /// <summary>Every node written so far, for tests and dumps.</summary>
    public IReadOnlyDictionary<string, string> StoreSnapshot() => _store.Snapshot();

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_lock)
        {
            foreach (var (front, back) in _channels.Values)
            {
                front.Dispose();
                back.Dispose();
            }

            _channels.Clear();
            if (_memory != null)
            {
                NativeMemory.AlignedFree(_memory);
                _memory = null;
                _grants = null;
            }
        }
    }

    private (InProcessEventChannel Front, InProcessEventChannel Back) Channels(int queue)
    {
        lock (_lock)
        {
            if (!_channels.TryGetValue(queue, out var pair))
            {
                pair = InProcessEventChannel.CreatePair();
                _channels[queue] = pair;
            }

            return pair;
        }
    }

    private sealed class FrontendEnd(InProcessVbd owner) : IFrontendTransport
    {
        private readonly IXenStore _view = owner._store.ViewFor(XenStoreSide.Frontend);

        public string Description => "in-process device";

        public IXenStore Store => _view;

        public IGrantTable CreateGrants(int pageCount)
        {
            if (pageCount <= 0 || pageCount > int.MaxValue / BlkifConstants.PageSize)
            {
                ThrowHelper.ThrowArgumentOutOfRange(nameof(pageCount), "between 1 and 524287 pages");
            }

            lock (owner._lock)
            {
                if (owner._memory != null)
                {
                    NativeMemory.AlignedFree(owner._memory);
                }

                nuint bytes = (nuint)pageCount * BlkifConstants.PageSize;
                owner._memory = NativeMemory.AlignedAlloc(bytes, BlkifConstants.PageSize);
                NativeMemory.Clear(owner._memory, bytes);
                owner._grants = new GrantPages(new MemoryRegion((nint)owner._memory, (int)bytes), "in-process grants");
                return owner._grants;
            }
        }

        public IEventChannel BindEventChannel(int queue, int queueCount) => owner.Channels(queue).Front;

        public void Dispose()
        {
        }
    }

    private sealed class BackendEnd(InProcessVbd owner) : IBackendTransport
    {
        private readonly IXenStore _view = owner._store.ViewFor(XenStoreSide.Backend);

        public string Description => "in-process device";

        public IXenStore Store => _view;

        public IGrantMapper MapGrants()
        {
            lock (owner._lock)
            {
                return owner._grants ?? throw new TransportException("in-process device: the frontend has not granted any pages");
            }
        }

        public IEventChannel BindEventChannel(int queue, int queueCount) => owner.Channels(queue).Back;

        public void Dispose()
        {
        }
    }
}
