using System.Diagnostics;
using System.Globalization;
using BlkTrace.Protocol.Blkif;
using BlkTrace.Protocol.Wire;
using BlkTrace.Trace;
using BlkTrace.Trace.Storage;
using BlkTrace.Trace.Tap;

namespace BlkTrace.Benchmarks;

/// <summary>
/// <c>dotnet run -c Release --project tests/BlkTrace.Benchmarks -- trace-report</c>: bytes on disk per
/// request/response pair and writer throughput for each synthetic workload, and the tap's
/// sustained rate and ring-thread allocations. Figures BenchmarkDotNet has no column for.
/// </summary>
public static class TraceSizeReport
{
    public static void Run(int requests)
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"trace report: {requests:N0} requests per workload, {Environment.ProcessorCount} cores, Stopwatch {Stopwatch.Frequency:N0} Hz"));
        Console.WriteLine("write/read: M events/s by the wall clock, and per CPU-second of this process (the figure a free core would give on a loaded machine)");
        Console.WriteLine($"{"workload",-28} {"rows",11} {"bytes",12} {"B/row",7} {"B/pair",7} {"write wall",11} {"write cpu",10} {"read wall",10} {"read cpu",9}");
        foreach (var kind in Enum.GetValues<SyntheticWorkloadKind>())
        {
            var events = SyntheticWorkload.Generate(kind, requests, seed: 42);
            string dir = Path.Combine(Path.GetTempPath(), "blkt-bench-" + Guid.NewGuid().ToString("N")[..8]);
            try
            {
                Write(events, dir + "-warm", Math.Min(events.Length, 200_000));
                var cpu = CpuSeconds();
                var sw = Stopwatch.StartNew();
                Write(events, dir, events.Length);
                double writeSeconds = sw.Elapsed.TotalSeconds;
                double writeCpu = CpuSeconds() - cpu;
                long bytes = Directory.GetFiles(dir, "*.parquet").Sum(f => new FileInfo(f).Length);
                int pairs = events.Count(e => e.Kind == RingEventKind.Request);

                cpu = CpuSeconds();
                sw.Restart();
                long rows = 0;
                using (var reader = TraceReader.Open(dir))
                {
                    while (reader.MoveNext())
                    {
                        rows += reader.Current.Count;
                    }
                }

                double readSeconds = sw.Elapsed.TotalSeconds;
                double readCpu = CpuSeconds() - cpu;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{kind,-28} {rows,11:N0} {bytes,12:N0} {(double)bytes / rows,7:0.00} {(double)bytes / pairs,7:0.00} {events.Length / writeSeconds / 1e6,11:0.00} {events.Length / writeCpu / 1e6,10:0.00} {rows / readSeconds / 1e6,10:0.00} {rows / readCpu / 1e6,9:0.00}"));
                Console.WriteLine("  B/pair by column: " + ColumnBreakdown(dir, pairs));
            }
            finally
            {
                Delete(dir);
                Delete(dir + "-warm");
            }
        }

        TapReport(requests);
        AppendCostReport();
    }

    private static void Write(RingEvent[] events, string dir, int count)
    {
        using var writer = new TraceWriter(dir, new TraceMetadata { Profile = "synthetic" });
        for (int i = 0; i < count; i++)
        {
            writer.Append(events[i]);
        }
    }

    /// <summary>One ring thread driving a Block tap as fast as it can: the producer waits whenever the writer is behind, so this is the capture's sustained rate.</summary>
    private static void TapReport(int requests)
    {
        string dir = Path.Combine(Path.GetTempPath(), "blkt-bench-tap-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            var request = BlkifRequest.Direct(BlkifOperation.Write, 0, 0, [new BlkifSegment(1, 0, 7), new BlkifSegment(2, 0, 7)]);
            using var tap = TraceTap.Start(dir, new TraceMetadata { Profile = "synthetic" });
            var rng = new Random(7);
            double cpu = CpuSeconds();
            var sw = Stopwatch.StartNew();
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < requests; i++)
            {
                request.Id = (ulong)(i & 31);
                request.SectorNumber = (ulong)rng.Next() << 4;
                tap.OnRequest(0, (uint)i, request, default, null);
                tap.OnResponse(0, (uint)i, new BlkifResponse(request.Id, BlkifOperation.Write, BlkifStatus.Okay));
            }

            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            double producer = sw.Elapsed.TotalSeconds;
            tap.Complete();
            double total = sw.Elapsed.TotalSeconds;
            double cpuTotal = CpuSeconds() - cpu;
            long bytes = Directory.GetFiles(dir, "*.parquet").Sum(f => new FileInfo(f).Length);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"tap (Block, 1 ring thread, random 8 KiB writes): {2L * requests:N0} events, ring thread done in {producer:0.000} s, sealed after {total:0.000} s = {2.0 * requests / total / 1e6:0.00} M events/s sustained ({cpuTotal * 1e9 / (2.0 * requests):0} ns CPU per event, both threads); ring-thread allocations {allocated:N0} bytes ({(double)allocated / requests:0.###} B/request); {(double)bytes / requests:0.00} B/pair; dropped {tap.DroppedEvents}"));
        }
        finally
        {
            Delete(dir);
        }
    }

    /// <summary>
    /// The ring thread's own cost per event: after a warm-up lap (JIT done, buffer lines last touched
    /// by the writer thread, as in steady state) the writer thread is parked inside a seal, and a
    /// burst that fits the default buffer is timed with nothing draining it. Best of five rounds,
    /// beside the cost of the clock read every event makes.
    /// </summary>
    private static void AppendCostReport()
    {
        const int Burst = TraceTapOptions.DefaultBufferSlots / 2 - 16; // pairs: 2 events each
        var request = BlkifRequest.Direct(BlkifOperation.Write, 0, 0, [new BlkifSegment(1, 0, 7), new BlkifSegment(2, 0, 7)]);
        var response = new BlkifResponse(0, BlkifOperation.Write, BlkifStatus.Okay);
        double best = double.MaxValue, clockNs = double.MaxValue;
        long allocated = 0;
        for (int round = 0; round < 5; round++)
        {
            string dir = Path.Combine(Path.GetTempPath(), "blkt-bench-append-" + Guid.NewGuid().ToString("N")[..8]);
            using var parked = new ManualResetEventSlim(false);
            using var release = new ManualResetEventSlim(false);
            var clock = new SteppedClock();
            var writer = new TraceWriter(dir, new TraceMetadata(), new TraceWriterOptions { MaxSegmentAge = TimeSpan.FromSeconds(1), TimeProvider = clock });
            writer.SegmentSealed += (_, s) =>
            {
                if (s.Index == 0)
                {
                    parked.Set();
                    release.Wait();
                }
            };
            var tap = new TraceTap(writer);
            void Drive(int pairs)
            {
                for (int i = 0; i < pairs; i++)
                {
                    request.Id = (ulong)(i & 31);
                    tap.OnRequest(0, (uint)i, request, default, null);
                    tap.OnResponse(0, (uint)i, response);
                }
            }

            Drive(1_000_000);
            SpinWait.SpinUntil(() => tap.RecordedEvents == 2_000_000);
            clock.Step(TimeSpan.FromSeconds(2)); // the idle writer now seals segment 0, and parks
            parked.Wait();
            var sw = Stopwatch.StartNew();
            long before = GC.GetAllocatedBytesForCurrentThread();
            Drive(Burst);
            best = Math.Min(best, sw.Elapsed.TotalNanoseconds / (2.0 * Burst));
            allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            long sink = 0;
            sw.Restart();
            for (int i = 0; i < 2 * Burst; i++)
            {
                sink += Stopwatch.GetTimestamp();
            }

            clockNs = Math.Min(clockNs, sw.Elapsed.TotalNanoseconds / (2.0 * Burst));
            release.Set();
            tap.Dispose();
            GC.KeepAlive(sink);
            Delete(dir);
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"tap append (ring thread alone, writer parked, warm 64 Ki-slot buffer): {best:0.0} ns per event, of which ~{clockNs:0.0} ns is Stopwatch.GetTimestamp; {allocated:N0} bytes allocated in the last {2 * Burst:N0} events"));
    }

    /// <summary>Compressed bytes per request/response pair of each column chunk, summed over every segment and row group: where the bytes go.</summary>
    private static string ColumnBreakdown(string dir, int pairs)
    {
        var sizes = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (string file in Directory.GetFiles(dir, "*.parquet"))
        {
            using var stream = File.OpenRead(file);
            var reader = Parquet.ParquetReader.CreateAsync(stream).GetAwaiter().GetResult();
            foreach (var rowGroup in reader.Metadata!.RowGroups)
            {
                foreach (var column in rowGroup.Columns)
                {
                    string name = string.Join('.', column.MetaData!.PathInSchema);
                    sizes[name] = sizes.GetValueOrDefault(name) + column.MetaData.TotalCompressedSize;
                }
            }

            reader.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }

        return string.Join(' ', sizes.OrderByDescending(kv => kv.Value).Select(kv => string.Create(CultureInfo.InvariantCulture, $"{kv.Key}={(double)kv.Value / pairs:0.00}")));
    }

    private static double CpuSeconds() => Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;

    private static void Delete(string dir)
    {
        if (Directory.Exists(dir))
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>A clock that moves only when stepped.</summary>
    private sealed class SteppedClock : TimeProvider
    {
        private long _ticks;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => Interlocked.Read(ref _ticks);

        public void Step(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);
    }
}
