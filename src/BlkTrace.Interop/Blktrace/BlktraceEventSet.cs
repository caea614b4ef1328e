namespace BlkTrace.Interop.Blktrace;

/// <summary>Which events an export writes per request.</summary>
public enum BlktraceEventSet
{
    /// <summary>Q, G, I, D at the request, C at its response: what a kernel trace of a request with a scheduler looks like.</summary>
    Full,

    /// <summary>Q and D at the request, C at its response: the least blkparse and btt need.</summary>
    Minimal,
}
