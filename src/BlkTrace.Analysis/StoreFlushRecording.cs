namespace BlkTrace.Analysis;

/// <summary>
/// Whether a trace records the backend's store flushes (kind 2 rows). flush-not-honoured means
/// "OKAY with no store flush recorded", which is only evidence when the recorder would have
/// recorded one: a trace imported from blktrace or fio has no store-flush rows at all.
/// </summary>
public static class StoreFlushRecording
{
    /// <summary>An optional metadata key a writer may set: <c>recorded</c> (or <c>1</c>/<c>true</c>) or <c>none</c> (or <c>0</c>/<c>false</c>).</summary>
    public const string MetadataKey = "blktrace.store_flushes";

    /// <summary>
    /// The decision and its reason: the caller's choice if any; else <see cref="MetadataKey"/>; else
    /// yes when the metadata names a store (only a blkt backend's tap writes <c>blktrace.store</c>, and
    /// it records every store flush it performs); else no.
    /// </summary>
    public static (bool Recorded, string Reason) Decide(Trace.TraceMetadata metadata, bool? forced = null)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        if (forced is { } f)
        {
            return (f, f ? "store flushes recorded (as told)" : "store flushes not recorded (as told)");
        }

        if (metadata.Extra.TryGetValue(MetadataKey, out string? value))
        {
            switch (value.Trim().ToLowerInvariant())
            {
                case "recorded" or "1" or "true" or "yes":
                    return (true, $"store flushes recorded ({MetadataKey} = {value})");
                case "none" or "0" or "false" or "no":
                    return (false, $"store flushes not recorded ({MetadataKey} = {value})");
            }
        }

        return metadata.Store is { } store
            ? (true, $"store flushes recorded (captured by a blkt backend on {store})")
            : (false, "store flushes not recorded (no blktrace.store: not a blkt backend capture)");
    }
}
