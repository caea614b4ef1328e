namespace BlkTrace.Protocol.Transport;

/// <summary>The frontend's granted pages: memory it shares with the backend, one grant reference per page.</summary>
public interface IGrantTable
{
    /// <summary>Pages granted.</summary>
    int PageCount { get; }

    /// <summary>The grant reference the backend uses for page <paramref name="page"/>.</summary>
    uint GrantRef(int page);

    /// <summary>Page <paramref name="page"/> (4096 bytes).</summary>
    Span<byte> Page(int page);

    /// <summary><paramref name="count"/> consecutive pages as one block (for a multi-page ring).</summary>
    MemoryRegion Pages(int firstPage, int count);
}
