using BlkTrace.Protocol.Blkif;
using BlkTrace.Protocol.Wire;
using BlkTrace.Trace;
using BlkTrace.Trace.Storage;
using BlkTrace.Trace.Tap;

namespace BlkTrace.Tests.Trace;

public class TraceTapTests
{
    private static readonly TraceMetadata Meta = new() { Abi = "x86_64-abi", Profile = "linux", Store = "null:1G" };

    [Fact]
    public void Tap_EveryCallKind_RowsEqualWhatTheSinkSawAcrossSegments()
    {
        using var dir = new TempDirectory();
        var calls = SinkCall.Mixed(6_000, seed: 21);
        var writerOptions = new TraceWriterOptions { RowGroupRows = 500, MaxSegmentRows = 1_700 };
        using (var tap = TraceTap.Start(dir.Path, Meta, writerOptions, new TraceTapOptions { BufferSlots = 1024 }))
        {
            foreach (var call in calls)
            {
                call.Apply(tap);
            }

            tap.Complete();
            Assert.Equal(calls.Count, tap.RecordedEvents);
            Assert.Equal(0, tap.DroppedEvents);
            Assert.Equal(4, tap.SealedSegments.Count);
        }

        using var reader = TraceReader.Open(dir.Path);
        var rows = reader.ReadAllRows();
        Assert.Equal(calls.Count, rows.Length);
        long lastTs = 0;
        for (int i = 0; i < rows.Length; i++)
        {
            Assert.True(rows[i].TsNs >= lastTs, $"ts went back at seq {i}");
            lastTs = rows[i].TsNs;
            Assert.Equal(calls[i].Expected(i, rows[i].TsNs), rows[i]);
        }

        Assert.Equal(TraceMetadata.MonotonicClock, reader.Metadata.Clock);
        Assert.NotNull(reader.Metadata.CaptureStartUtc);
        Assert.Equal(0, reader.Metadata.DroppedEvents);
    }

    [Fact]
    public void Tap_FourProducerThreadsThroughSmallBuffer_SeqDenseEachEventOncePerThreadOrderKept()
    {
        using var dir = new TempDirectory();
        const int Threads = 4;
        const int PerThread = 60_000;
        using (var tap = TraceTap.Start(dir.Path, Meta, new TraceWriterOptions { RowGroupRows = 50_000 }, new TraceTapOptions { BufferSlots = 1024 }))
        {
            using var go = new Barrier(Threads);
            var threads = Enumerable.Range(0, Threads).Select(t => new Thread(() =>
            {
                var segs = new BlkifSegment[] { new(1, 0, 7), new(2, 0, 3) };
                var indirect = Enumerable.Range(0, 40).Select(i => new BlkifSegment((uint)i, 0, 7)).ToArray();
                go.SignalAndWait();
                for (int i = 0; i < PerThread; i++)
                {
                    ulong id = ((ulong)t << 32) | (uint)i;
                    switch (i % 3)
                    {
                        case 0:
                            var request = i % 30 == 0
                                ? BlkifRequest.Indirect(BlkifOperation.Write, id, (ulong)i, 40, [7], 0)
                                : BlkifRequest.Direct(BlkifOperation.Write, id, (ulong)i, segs);
                            tap.OnRequest(t, (uint)i, request, indirect, i);
                            break;
                        case 1:
                            tap.OnStoreFlush(t, id);
                            break;
                        default:
                            tap.OnResponse(t, (uint)i, new BlkifResponse(id, BlkifOperation.Write, BlkifStatus.Okay));
                            break;
                    }
                }
            })).ToList();
            threads.ForEach(th => th.Start());
            threads.ForEach(th => th.Join());
            tap.Complete();
            Assert.Equal(0, tap.DroppedEvents);
        }

        var next = new int[Threads];
        var lastTs = new long[Threads];
        long seq = 0;
        using var reader = TraceReader.Open(dir.Path);
        Assert.Equal(Threads * PerThread, reader.RowCount);
        while (reader.MoveNext())
        {
            var b = reader.Current;
            for (int r = 0; r < b.Count; r++)
            {
                Assert.Equal(seq++, b.Seq[r]);
                int t = (int)(b.Id[r] >> 32);
                int i = (int)(uint)b.Id[r];
                Assert.Equal(t, b.Queue[r]);
                Assert.Equal(next[t]++, i);
                Assert.True(b.TsNs[r] >= lastTs[t]);
                lastTs[t] = b.TsNs[r];
                if (b.Kind[r] == RingEventKind.Request)
                {
                    Assert.Equal(i, b.DataHash[r]);
                    Assert.Equal(i % 30 == 0 ? 80 : 4, b.SegLayout(r).Length);
                }
            }
        }

        Assert.All(next, n => Assert.Equal(PerThread, n));
    }

    [Fact]
    public void Tap_DropWhileWriterStalled_NeverBlocksCountsDropsIntoMetadata()
    {
        using var dir = new TempDirectory();
        using var stalled = new ManualResetEventSlim(false);
        using var gate = new ManualResetEventSlim(false);
        long reported = -1;

        // Segment 0 is already older than its age limit, so the writer thread seals it (after its
        // first row) as soon as it is idle — and then stalls in the handler until we open the gate.
        var clock = new ManualTimeProvider();
        var writer = new TraceWriter(dir.Path, Meta, new TraceWriterOptions { MaxSegmentAge = TimeSpan.FromSeconds(1), TimeProvider = clock });
        clock.Advance(TimeSpan.FromSeconds(2));
        writer.SegmentSealed += (_, s) =>
        {
            if (s.Index == 0)
            {
                stalled.Set();
                gate.Wait();
            }
        };

        const int Slots = 1024;
        const int Issued = 5_000;
        var tap = new TraceTap(writer, new TraceTapOptions
        {
            Backpressure = TapBackpressure.Drop,
            BufferSlots = Slots,
            DropsObserved = total => Volatile.Write(ref reported, total),
        });
        var response = new BlkifResponse(1, BlkifOperation.Read, BlkifStatus.Okay);
        tap.OnResponse(0, 0, response);
        Assert.True(stalled.Wait(TimeSpan.FromMinutes(1)));
        for (int i = 1; i <= Issued; i++)
        {
            tap.OnResponse(0, (uint)i, response);
        }

        // The buffer took exactly its size; the rest was dropped on the spot (this thread never waited).
        Assert.Equal(Issued - Slots, tap.DroppedEvents);
        gate.Set();
        tap.Complete();

        using var reader = TraceReader.Open(dir.Path);
        Assert.Equal(1 + Slots, reader.RowCount);
        Assert.Equal(Issued - Slots, reader.Metadata.DroppedEvents);
        Assert.Equal(Issued - Slots, Volatile.Read(ref reported));
        Assert.Equal(Enumerable.Range(0, 1 + Slots).Select(i => (long)i), reader.ReadAllRows().Select(r => r.Seq));
    }

    [Fact]
    public void Tap_BlockWhileWriterStalled_WaitsAndLosesNothing()
    {
        using var dir = new TempDirectory();
        using var gate = new ManualResetEventSlim(false);
        var writer = new TraceWriter(dir.Path, Meta, new TraceWriterOptions { MaxSegmentRows = 1_000 });
        writer.SegmentSealed += (_, s) =>
        {
            if (s.Index == 0)
            {
                gate.Wait();
            }
        };

        const int Issued = 20_000;
        using var tap = new TraceTap(writer, new TraceTapOptions { BufferSlots = 1024 });
        var producer = new Thread(() =>
        {
            for (int i = 0; i < Issued; i++)
            {
                tap.OnStoreFlush(0, (ulong)i);
            }
        });
        producer.Start();

        // The producer cannot finish while the writer is stalled: 20 000 events do not fit in 1024 slots.
        Assert.False(producer.Join(200));
        gate.Set();
        producer.Join();
        tap.Complete();

        Assert.Equal(0, tap.DroppedEvents);
        var rows = TraceReader.ReadAll(dir.Path);
        Assert.Equal(Enumerable.Range(0, Issued).Select(i => (ulong)i), rows.Select(r => r.Id));
    }

    [Fact]
    public void Tap_SteadyState_ZeroBytesAllocatedPerEventOnRingThread()
    {
        foreach (var backpressure in new[] { TapBackpressure.Block, TapBackpressure.Drop })
        {
            using var dir = new TempDirectory();
            using var tap = TraceTap.Start(dir.Path, Meta, options: new TraceTapOptions { Backpressure = backpressure });
            var direct = BlkifRequest.Direct(BlkifOperation.Write, 7, 4096, [new(1, 0, 7), new(2, 0, 7)]);
            var indirect = BlkifRequest.Indirect(BlkifOperation.Read, 8, 8192, 100, [3, 4], 0);
            var segments = Enumerable.Range(0, 100).Select(i => new BlkifSegment((uint)i, 0, 7)).ToArray();
            var discard = BlkifRequest.Discard(9, 0, 1 << 20);
            var response = new BlkifResponse(7, BlkifOperation.Write, BlkifStatus.Okay);

            void Burst(int n)
            {
                for (int i = 0; i < n; i++)
                {
                    tap.OnRequest(0, (uint)i, direct, default, 12345);
                    tap.OnRequest(1, (uint)i, indirect, segments, null);
                    tap.OnRequest(0, (uint)i, discard, default, null);
                    tap.OnStoreFlush(0, 7);
                    tap.OnResponse(0, (uint)i, response);
                }
            }

            Burst(50_000); // warm up: JIT tiers, the writer thread's first segment
            long before = GC.GetAllocatedBytesForCurrentThread();
            Burst(100_000);
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.Equal(0, allocated);
        }
    }

    [Fact]
    public void Tap_CompleteWithOpenSegment_SealsItAndLeavesNoTemporaryFile()
    {
        using var dir = new TempDirectory();
        var tap = TraceTap.Start(dir.Path, Meta);
        var calls = SinkCall.Mixed(5, seed: 22);
        calls.ForEach(c => c.Apply(tap));
        tap.Complete();
        tap.Complete(); // idempotent
        tap.OnStoreFlush(0, 1);
        Assert.Equal(1, tap.LateEvents);
        tap.Dispose();

        Assert.Empty(Directory.GetFiles(dir.Path, "*.tmp"));
        Assert.Equal(5, TraceReader.ReadAll(dir.Path).Length);
    }

    [Fact]
    public void Tap_MetadataSetAfterStart_InSealedSegmentsWithTapClockKept()
    {
        using var dir = new TempDirectory();
        using (var tap = TraceTap.Start(dir.Path, new TraceMetadata { Profile = "linux" }))
        {
            tap.Metadata = tap.Metadata with { Abi = "x86_32-abi", RingSize = 32, Queues = 1, CaptureStartUtc = DateTimeOffset.UnixEpoch, Clock = "other" };
            tap.OnStoreFlush(0, 1);
        }

        using var reader = TraceReader.Open(dir.Path);
        var metadata = reader.Metadata;
        Assert.Equal("x86_32-abi", metadata.Abi);
        Assert.Equal(32, metadata.RingSize);
        Assert.Equal("linux", metadata.Profile);
        Assert.Equal(TraceMetadata.MonotonicClock, metadata.Clock);
        Assert.NotEqual(DateTimeOffset.UnixEpoch, metadata.CaptureStartUtc);
    }

    [Fact]
    public void Tap_UnwritableOutput_FailsAtStartWithOneLine()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.Combine("file"), "x");
        var e = Assert.ThrowsAny<IOException>(() => TraceTap.Start(dir.Combine("file/out"), Meta));
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void Tap_WriteFailsUnderBlock_FaultsRingCallsThrowSealedSegmentsIntact()
    {
        using var dir = new TempDirectory();
        string output = dir.Combine("cap");
        Directory.CreateDirectory(output);

        // A directory where segment 1 must go: the rename that seals it fails, as a full disk would.
        Directory.CreateDirectory(Path.Combine(output, "cap.00001.parquet"));
        using var failed = new ManualResetEventSlim(false);
        Exception? reported = null;
        var tap = TraceTap.Start(output, Meta, new TraceWriterOptions { MaxSegmentRows = 10 }, new TraceTapOptions
        {
            WriteFailed = e =>
            {
                reported = e;
                failed.Set();
            },
        });
        var calls = SinkCall.Mixed(25, seed: 23);
        foreach (var call in calls)
        {
            call.Apply(tap);
        }

        Assert.True(failed.Wait(TimeSpan.FromMinutes(1)));
        Assert.Same(reported, tap.Fault);
        var thrown = Assert.ThrowsAny<IOException>(() => calls[0].Apply(tap));
        Assert.Contains("cap.00001.parquet", thrown.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', thrown.Message);
        Assert.ThrowsAny<IOException>(tap.Complete);
        tap.Dispose();

        Assert.Empty(Directory.GetFiles(output, "*.tmp"));
        var rows = TraceReader.ReadAll(Path.Combine(output, "cap.00000.parquet"));
        Assert.Equal(Enumerable.Range(0, 10).Select(i => calls[i].Expected(i, rows[i].TsNs)), rows);
    }

    [Fact]
    public void Tap_WriteFailsUnderDrop_KeepsAcceptingCountsLostRowsInFinalSegment()
    {
        using var dir = new TempDirectory();
        string output = dir.Combine("cap");
        Directory.CreateDirectory(output);
        string inTheWay = Path.Combine(output, "cap.00001.parquet");
        Directory.CreateDirectory(inTheWay);
        using var failed = new ManualResetEventSlim(false);
        var clock = new ManualTimeProvider(); // never advanced: after the failure the writer stays down until the end
        var tap = TraceTap.Start(output, Meta, new TraceWriterOptions { MaxSegmentRows = 10 }, new TraceTapOptions
        {
            Backpressure = TapBackpressure.Drop,
            TimeProvider = clock,
            WriteFailed = _ => failed.Set(),
        });
        var calls = SinkCall.Mixed(125, seed: 24);
        foreach (var call in calls.Take(25))
        {
            call.Apply(tap);
        }

        Assert.True(failed.Wait(TimeSpan.FromMinutes(1)));
        Assert.Null(tap.Fault);
        Directory.Delete(inTheWay);
        foreach (var call in calls.Skip(25))
        {
            call.Apply(tap); // never throws
        }

        tap.Complete();
        Assert.Equal(115, tap.DroppedEvents); // segment 1's 10 rows + 105 while the writer was down

        using var reader = TraceReader.Open(output);
        Assert.Equal(2, reader.Segments.Count);
        Assert.Equal(10, reader.RowCount);
        Assert.Equal(115, reader.Metadata.DroppedEvents);
    }
}
