namespace BlkTrace.Interop.Fio;

/// <summary>How a trace is written as a fio iolog.</summary>
public sealed record FioExportOptions
{
    /// <summary>The log version: v3 (timestamps, the default) or v2 (<c>wait</c> lines).</summary>
    public FioIologVersion Version { get; init; } = FioIologVersion.V3;

    /// <summary>
    /// The file every action names. All queues of a blkif device are one disk, so they share it; fio's
    /// <c>replay_redirect</c> points it somewhere else at replay time.
    /// </summary>
    public string FileName { get; init; } = "/dev/xvda";

    /// <summary>
    /// The action a flush becomes: <c>datasync</c> (fdatasync, what a file-backed backend does for a cache
    /// flush) or <c>sync</c> (fsync). fio 3.33 issues both, but counts only <c>sync</c> in its JSON
    /// <c>sync.total_ios</c> (a <c>datasync</c> shows up as a read's <c>short_ios</c>), so choose <c>sync</c>
    /// when fio's own counts are to be compared with the trace.
    /// </summary>
    public string FlushAction { get; init; } = "datasync";
}
