namespace BlkTrace.Benchmarks;

/// <summary>The process's GC counters at one moment; subtract two to see what a run cost.</summary>
/// <param name="Gen0">Gen 0 collections.</param>
/// <param name="Gen1">Gen 1 collections.</param>
/// <param name="Gen2">Gen 2 collections.</param>
/// <param name="PauseMs">Total time the GC paused the process, ms.</param>
/// <param name="AllocatedBytes">Bytes allocated by every thread.</param>
public readonly record struct GcSnapshot(int Gen0, int Gen1, int Gen2, double PauseMs, long AllocatedBytes)
{
    public static GcSnapshot Take() => new(
        GC.CollectionCount(0),
        GC.CollectionCount(1),
        GC.CollectionCount(2),
        GC.GetTotalPauseDuration().TotalMilliseconds,
        GC.GetTotalAllocatedBytes(precise: true));

    public static GcSnapshot operator -(GcSnapshot a, GcSnapshot b) =>
        new(a.Gen0 - b.Gen0, a.Gen1 - b.Gen1, a.Gen2 - b.Gen2, a.PauseMs - b.PauseMs, a.AllocatedBytes - b.AllocatedBytes);
}
