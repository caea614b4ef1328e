namespace BlkTrace.Backend.Profiles;

/// <summary>When a profile writes a flush/barrier feature key.</summary>
public enum CacheFeatureMode
{
    /// <summary>Never.</summary>
    Never,

    /// <summary>Always.</summary>
    Always,

    /// <summary>Only when the store has a volatile cache (Linux: <c>bdev_write_cache()</c>).</summary>
    WhenVolatileCache,
}
