namespace BlkTrace.Backend.Stores;

/// <summary>
/// What a store did, counted where it happened (a flush here is a real <c>fdatasync</c> or cache
/// flush, which is how tests prove a guest's flush reached the disk). Thread-safe.
/// </summary>
public sealed class StoreCounters
{
    private long _reads;
    private long _writes;
    private long _flushes;
    private long _discards;
    private long _bytesRead;
    private long _bytesWritten;

    /// <summary>Read calls.</summary>
    public long Reads => Volatile.Read(ref _reads);

    /// <summary>Write calls.</summary>
    public long Writes => Volatile.Read(ref _writes);

    /// <summary>Flushes performed (<c>fdatasync</c> calls for a file store).</summary>
    public long Flushes => Volatile.Read(ref _flushes);

    /// <summary>Discard calls.</summary>
    public long Discards => Volatile.Read(ref _discards);

    /// <summary>Bytes read.</summary>
    public long BytesRead => Volatile.Read(ref _bytesRead);

    /// <summary>Bytes written.</summary>
    public long BytesWritten => Volatile.Read(ref _bytesWritten);

    internal void CountRead(int bytes)
    {
        Interlocked.Increment(ref _reads);
        Interlocked.Add(ref _bytesRead, bytes);
    }

    internal void CountWrite(int bytes)
    {
        Interlocked.Increment(ref _writes);
        Interlocked.Add(ref _bytesWritten, bytes);
    }

    internal void CountFlush() => Interlocked.Increment(ref _flushes);

    internal void CountDiscard() => Interlocked.Increment(ref _discards);
}
