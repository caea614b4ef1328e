namespace BlkTrace.Interop;

/// <summary>Choices every importer shares.</summary>
public sealed record ImportOptions
{
    /// <summary>How a FUA write without preflush becomes a blkif request.</summary>
    public FuaMapping Fua { get; init; } = FuaMapping.Barrier;

    /// <summary>Called now and then with the source bytes read so far (for progress lines); null: never.</summary>
    public Action<long>? Progress { get; init; }
}
