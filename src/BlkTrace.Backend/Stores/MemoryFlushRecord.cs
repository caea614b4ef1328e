namespace BlkTrace.Backend.Stores;

/// <summary>
/// One flush of a <see cref="MemoryBlockStore"/>: every write with a sequence below
/// <see cref="CoversBelow"/> was durable when it returned.
/// </summary>
/// <param name="Epoch">Index of this flush, from 0.</param>
/// <param name="CoversBelow">The sequence number the next write will get.</param>
/// <param name="CachedWrites">Writes that were still only in the cache and this flush made durable.</param>
public readonly record struct MemoryFlushRecord(long Epoch, long CoversBelow, int CachedWrites);
