namespace BlkTrace.Interop.Blktrace;

/// <summary>
/// What a completion can be matched on: blktrace's C events carry the direction but not reliably
/// the preflush/FUA bits of the request they end, so pairing compares classes, not ops.
/// </summary>
internal enum RequestClass : byte
{
    Read,
    Write,
    Discard,
    EmptyFlush,
}
