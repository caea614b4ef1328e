namespace BlkTrace.Interop.Blktrace;

/// <summary>How a trace is written as blktrace v7.</summary>
public sealed record BlktraceExportOptions
{
    /// <summary>The device's major number; 202 is Xen's <c>xvd</c>.</summary>
    public uint Major { get; init; } = 202;

    /// <summary>The device's minor number.</summary>
    public uint Minor { get; init; }

    /// <summary>The pid every event carries.</summary>
    public uint Pid { get; init; } = 1;

    /// <summary>The process name written in a notify record at the start of each file (blkparse prints it).</summary>
    public string ProcessName { get; init; } = "blkt";

    /// <summary>Which events each request produces.</summary>
    public BlktraceEventSet Events { get; init; } = BlktraceEventSet.Full;
}
