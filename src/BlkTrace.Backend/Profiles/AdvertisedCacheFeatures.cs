namespace BlkTrace.Backend.Profiles;

/// <summary>
/// Which cache features a backend advertises, overriding its profile (<c>--features</c>). Only the
/// xenstore keys change: the profile still answers every request as spec §5 says, so
/// <c>linux-2.6.18 --features flush</c> advertises <c>feature-flush-cache</c> and answers each
/// FLUSH_DISKCACHE with ERROR, as that backend answers an operation it does not know.
/// </summary>
public enum AdvertisedCacheFeatures
{
    /// <summary>The profile's own rule (spec §5).</summary>
    Profile,

    /// <summary>Neither <c>feature-barrier</c> nor <c>feature-flush-cache</c>.</summary>
    None,

    /// <summary><c>feature-barrier</c> = 1 only.</summary>
    Barrier,

    /// <summary><c>feature-flush-cache</c> = 1 only.</summary>
    Flush,

    /// <summary>Both keys = 1.</summary>
    Both,
}
