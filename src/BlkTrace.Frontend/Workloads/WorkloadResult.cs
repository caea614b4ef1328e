using System.Globalization;

namespace BlkTrace.Frontend.Workloads;

/// <summary>What a workload run did and measured.</summary>
public sealed record WorkloadResult
{
    /// <summary>The options used (defaults applied).</summary>
    public required WorkloadOptions Options { get; init; }

    /// <summary>How flushes went on the ring.</summary>
    public FlushMode FlushMode { get; init; }

    /// <summary>Requests completed.</summary>
    public long Requests { get; init; }

    /// <summary>Reads completed.</summary>
    public long Reads { get; init; }

    /// <summary>Writes completed.</summary>
    public long Writes { get; init; }

    /// <summary>Flushes completed.</summary>
    public long Flushes { get; init; }

    /// <summary>Flush intents dropped because the backend offers no flush (<see cref="Workloads.FlushMode.None"/>).</summary>
    public long FlushesSkipped { get; init; }

    /// <summary>Responses ERROR.</summary>
    public long Errors { get; init; }

    /// <summary>Responses EOPNOTSUPP.</summary>
    public long NotSupported { get; init; }

    /// <summary>Bytes read.</summary>
    public long BytesRead { get; init; }

    /// <summary>Bytes written.</summary>
    public long BytesWritten { get; init; }

    /// <summary>Sectors this run wrote at least once.</summary>
    public long DistinctSectorsWritten { get; init; }

    /// <summary>Reads whose data did not match what this run last wrote there (checked during the run).</summary>
    public long ReadMismatches { get; init; }

    /// <summary>Responses matching no outstanding request.</summary>
    public long UnexpectedResponses { get; init; }

    /// <summary>Wall time from the first submit to the last completion.</summary>
    public TimeSpan Elapsed { get; init; }

    /// <summary>Latency of every completed request.</summary>
    public required LatencyHistogram Latency { get; init; }

    /// <summary>Requests per second.</summary>
    public double Iops => Elapsed.TotalSeconds > 0 ? Requests / Elapsed.TotalSeconds : 0;

    /// <summary>The summary printed by <c>blkt workload</c>.</summary>
    public string Summary() => string.Create(CultureInfo.InvariantCulture,
        $"{Options.Kind.ToString().ToLowerInvariant()} qd {Options.QueueDepth} seed {Options.Seed}: {Requests:N0} requests in {Elapsed.TotalSeconds:0.000} s = {Iops:N0} IOPS ({Reads:N0} reads, {Writes:N0} writes, {Flushes:N0} flushes as {FlushMode}{(FlushesSkipped > 0 ? $", {FlushesSkipped:N0} skipped" : string.Empty)}); " +
        $"{BytesWritten / 1048576.0:0.0} MiB written, {BytesRead / 1048576.0:0.0} MiB read; latency us p50 {Latency.PercentileMicroseconds(0.5):0.0} p99 {Latency.PercentileMicroseconds(0.99):0.0} p99.9 {Latency.PercentileMicroseconds(0.999):0.0} max {Latency.MaxMicroseconds:0.0}; " +
        $"errors {Errors:N0}, eopnotsupp {NotSupported:N0}, read mismatches {ReadMismatches:N0}, unexpected responses {UnexpectedResponses:N0}; {DistinctSectorsWritten:N0} distinct sectors written");
}
