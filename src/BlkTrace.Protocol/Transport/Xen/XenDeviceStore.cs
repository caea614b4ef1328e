using BlkTrace.Protocol.XenStore;

namespace BlkTrace.Protocol.Transport.Xen;

/// <summary>
/// One device's nodes in the real xenstore, seen through the transports' relative paths (see
/// <see cref="XenDevicePaths"/>). A watch on both directories wakes <see cref="WaitForChange"/>; our own
/// writes wake it too, which the contract allows (callers re-read).
/// </summary>
public sealed class XenDeviceStore : IXenStore
{
    private const string WatchToken = "blkt";

    private readonly XenStoreConnection _connection;
    private readonly bool _ownsConnection;

    /// <summary>Views <paramref name="paths"/> through <paramref name="connection"/> as <paramref name="side"/>.</summary>
    public XenDeviceStore(XenStoreConnection connection, XenDevicePaths paths, XenStoreSide side, bool ownsConnection = false)
    {
        _connection = connection ?? throw new ArgumentNullException(nameof(connection));
        Paths = paths ?? throw new ArgumentNullException(nameof(paths));
        Side = side;
        _ownsConnection = ownsConnection;
        _connection.Watch(paths.FrontendPath, WatchToken);
        _connection.Watch(paths.BackendPath, WatchToken);
    }

    /// <summary>Where the device lives.</summary>
    public XenDevicePaths Paths { get; }

    /// <summary>The connection underneath, for transactions and permissions.</summary>
    public XenStoreConnection Connection => _connection;

    /// <inheritdoc />
    public XenStoreSide Side { get; }

    /// <inheritdoc />
    public string? Read(string path) => _connection.Read(Absolute(path));

    /// <inheritdoc />
    public void Write(string path, string value)
    {
        XenStorePath.CheckWritable(path, Side);
        _connection.Write(Paths.ToAbsolute(path), value);
    }

    /// <inheritdoc />
    public void Remove(string path)
    {
        XenStorePath.CheckWritable(path, Side);
        _connection.Remove(Paths.ToAbsolute(path));
    }

    /// <inheritdoc />
    public IReadOnlyList<string> List(string directory) => _connection.List(Paths.ToAbsolute(directory.TrimEnd('/')));

    /// <inheritdoc />
    public bool WaitForChange(int millisecondsTimeout) => _connection.WaitForWatch(millisecondsTimeout);

    /// <inheritdoc />
    public string Describe(string path) => "xenstore " + Paths.ToAbsolute(path);

    /// <inheritdoc />
    public void Dispose()
    {
        _connection.Unwatch(Paths.FrontendPath, WatchToken);
        _connection.Unwatch(Paths.BackendPath, WatchToken);
        if (_ownsConnection)
        {
            _connection.Dispose();
        }
    }

    private string Absolute(string path)
    {
        if (!XenStorePath.TryParse(path, out _, out _))
        {
            ThrowHelper.ThrowArgument(nameof(path), $"'{path}' is not a node path");
        }

        return Paths.ToAbsolute(path);
    }
}
