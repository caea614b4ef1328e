using BlkTrace.Protocol.Blkif;
using BlkTrace.Trace;
using BlkTrace.Trace.Storage;

namespace BlkTrace.Tests.Trace;

public class TraceRoundTripTests
{
    private static readonly TraceMetadata Meta = new()
    {
        Abi = "x86_64-abi",
        RingPageOrder = 2,
        RingSize = 128,
        Queues = 4,
        Profile = "linux",
        Store = "mem:1G",
        Sectors = 2097152,
        SectorSize = 512,
        CaptureStartUtc = new DateTimeOffset(2025, 3, 4, 5, 6, 7, 890, TimeSpan.Zero),
        Clock = TraceMetadata.MonotonicClock,
        BackendNodes = new Dictionary<string, string> { ["feature-flush-cache"] = "1", ["feature-barrier"] = "0", ["feature-max-indirect-segments"] = "256" },
        Extra = new Dictionary<string, string> { ["blktrace.note"] = "round trip" },
    };

    [Fact]
    public void WriterReader_EveryFieldAcrossSegmentsRolledByRows_ReadBackEqual()
    {
        using var dir = new TempDirectory();
        var events = SampleEvents.Mixed(5_000, seed: 1);
        string output = dir.Combine("cap");
        var options = new TraceWriterOptions { RowGroupRows = 97, MaxSegmentRows = 700, MaxSegmentAge = null };
        using (var writer = new TraceWriter(output, Meta, options))
        {
            foreach (var e in events)
            {
                writer.Append(e);
            }
        }

        var files = TraceReader.ResolveSegments(output);
        Assert.Equal(8, files.Count); // ceil(5000 / 700)
        Assert.Equal("cap.00000.parquet", Path.GetFileName(files[0]));
        Assert.Equal("cap.00007.parquet", Path.GetFileName(files[^1]));
        Assert.Empty(Directory.GetFiles(output, "*.tmp"));

        var back = TraceReader.ReadAll(output);
        Assert.Equal(events.Count, back.Length);
        for (int i = 0; i < events.Count; i++)
        {
            Assert.Equal(events[i], back[i]);
        }
    }

    [Fact]
    public void SampleEvents_CoverEveryNullAndLayout()
    {
        // Guards the round-trip test above: it must see every shape it claims to check.
        var events = SampleEvents.Mixed(5_000, seed: 1);
        Assert.Contains(events, e => e.Kind == RingEventKind.StoreFlush);
        Assert.Contains(events, e => e.Status == BlkifStatus.EOpNotSupp);
        Assert.Contains(events, e => e.IndirectOperation is not null && e.SegLayout is { Length: > 2000 });
        Assert.Contains(events, e => e.Operation == BlkifOperation.Indirect && e.SegLayout is null);
        Assert.Contains(events, e => e.Kind == RingEventKind.Request && e.SegLayout is { Length: 0 });
        Assert.Contains(events, e => e.Operation == BlkifOperation.Discard && e.NrSectors == int.MaxValue);
        Assert.Contains(events, e => e.DataHash is < 0);
        Assert.Contains(events, e => e.Id >= 1UL << 63);
        Assert.Contains(events, e => e.NrSegments > short.MaxValue);
        Assert.Contains(events, e => e.Handle > short.MaxValue);
    }

    [Fact]
    public void Writer_SegmentOlderThanMaxAge_SealedOnPollWithoutSleeping()
    {
        using var dir = new TempDirectory();
        var clock = new ManualTimeProvider();
        var events = SampleEvents.Mixed(30, seed: 2);
        var sealedSegments = new List<TraceSegment>();
        var options = new TraceWriterOptions { MaxSegmentAge = TimeSpan.FromSeconds(10), TimeProvider = clock };
        using (var writer = new TraceWriter(dir.Combine("t"), Meta, options))
        {
            writer.SegmentSealed += (_, s) => sealedSegments.Add(s);
            for (int i = 0; i < 10; i++)
            {
                writer.Append(events[i]);
            }

            clock.Advance(TimeSpan.FromSeconds(9));
            writer.Poll();
            Assert.Empty(sealedSegments);

            clock.Advance(TimeSpan.FromSeconds(1));
            writer.Poll();
            Assert.Single(sealedSegments);

            // Idle time with nothing recorded seals nothing: no empty segments.
            clock.Advance(TimeSpan.FromSeconds(60));
            writer.Poll();
            Assert.Single(sealedSegments);

            for (int i = 10; i < 30; i++)
            {
                writer.Append(events[i]);
            }
        }

        Assert.Equal(2, sealedSegments.Count);
        Assert.Equal(new TraceSegment(sealedSegments[0].Path, 0, 10, 0, 9), sealedSegments[0]);
        Assert.Equal(new TraceSegment(sealedSegments[1].Path, 1, 20, 10, 29), sealedSegments[1]);
        Assert.Equal(events, TraceReader.ReadAll(dir.Combine("t")));
    }

    [Fact]
    public void Writer_NothingRecorded_LeavesOneEmptySegmentWithMetadata()
    {
        using var dir = new TempDirectory();
        using (new TraceWriter(dir.Combine("empty"), Meta))
        {
        }

        using var reader = TraceReader.Open(dir.Combine("empty"));
        Assert.Single(reader.Segments);
        Assert.Equal(0, reader.RowCount);
        Assert.False(reader.MoveNext());
        Assert.Equal("linux", reader.Metadata.Profile);
    }

    [Fact]
    public void Writer_DropsCountedAfterLastSeal_FinalSegmentCarriesFinalCount()
    {
        using var dir = new TempDirectory();
        var events = SampleEvents.Mixed(10, seed: 3);
        var writer = new TraceWriter(dir.Combine("d"), Meta, new TraceWriterOptions { MaxSegmentRows = 10 });
        foreach (var e in events)
        {
            writer.Append(e);
        }

        Assert.Single(writer.SealedSegments);
        writer.DroppedEvents = 42;
        writer.Complete();

        using var reader = TraceReader.Open(dir.Combine("d"));
        Assert.Equal(2, reader.Segments.Count);
        Assert.Equal(0, reader.Segments[0].Metadata.DroppedEvents);
        Assert.Equal(42, reader.Metadata.DroppedEvents);
        Assert.Equal(10, reader.RowCount);
    }

    [Fact]
    public void Writer_DirectoryAlreadyHoldsCapture_RefusedWithOneLine()
    {
        using var dir = new TempDirectory();
        using (var w = new TraceWriter(dir.Combine("x"), Meta))
        {
            w.Append(SampleEvents.Mixed(1, 4)[0]);
        }

        var e = Assert.Throws<IOException>(() => new TraceWriter(dir.Combine("x"), Meta));
        Assert.Contains("already holds", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void Metadata_EveryKey_RoundTripsThroughFooter()
    {
        using var dir = new TempDirectory();
        var meta = Meta with { DroppedEvents = 7, Strategy = "zero-byte", TimingMode = "afap", SourceTrace = "in/cap" };
        using (new TraceWriter(dir.Combine("m"), meta, new TraceWriterOptions { BaseName = "replay" }))
        {
        }

        using var reader = TraceReader.Open(dir.Combine("m"));
        Assert.EndsWith("replay.00000.parquet", reader.Segments[0].Path, StringComparison.Ordinal);
        var back = reader.Metadata;
        static IEnumerable<KeyValuePair<string, string>> Comparable(TraceMetadata m) =>
            m.ToKeyValues().Where(kv => kv.Key != TraceMetadataKeys.Writer).OrderBy(kv => kv.Key, StringComparer.Ordinal);
        Assert.Equal(Comparable(meta), Comparable(back));
        Assert.StartsWith("blkt ", back.Writer, StringComparison.Ordinal);
        Assert.Equal(meta.CaptureStartUtc, back.CaptureStartUtc);
        Assert.Equal("256", back.BackendNodes["feature-max-indirect-segments"]);
        Assert.Equal("round trip", back.Extra["blktrace.note"]);
    }

    [Fact]
    public void Metadata_ExtraKeyCollidesWithTypedKey_Rejected()
    {
        var bad = Meta with { Extra = new Dictionary<string, string> { [TraceMetadataKeys.Profile] = "x" } };
        Assert.Throws<ArgumentException>(() => bad.ToKeyValues());
    }

    [Fact]
    public void Reader_ColumnSubset_DecodesOnlyThoseColumns()
    {
        using var dir = new TempDirectory();
        var events = SampleEvents.Mixed(1_000, seed: 5);
        using (var writer = new TraceWriter(dir.Combine("c"), Meta, new TraceWriterOptions { RowGroupRows = 300 }))
        {
            foreach (var e in events)
            {
                writer.Append(e);
            }
        }

        using var reader = TraceReader.Open(dir.Combine("c"), TraceColumns.Seq | TraceColumns.Status | TraceColumns.SegLayout);
        int row = 0;
        while (reader.MoveNext())
        {
            var b = reader.Current;
            Assert.Equal(0, b.TsNs.Length);
            Assert.Equal(0, b.Id.Length);
            for (int i = 0; i < b.Count; i++, row++)
            {
                var want = events[row];
                Assert.Equal(want.Seq, b.Seq[i]);
                Assert.Equal(want.Status.HasValue, b.HasStatus[i]);
                Assert.Equal(want.Status.GetValueOrDefault(), b.Status[i]);
                Assert.Equal(want.SegLayout.HasValue, b.HasSegLayout[i]);
                Assert.True(b.SegLayout(i).SequenceEqual(want.SegLayout.GetValueOrDefault().Span));
            }
        }

        Assert.Equal(events.Count, row);
    }

    [Fact]
    public void Reader_SegmentListAndTmpFiles_ReadsListedInOrderIgnoresOpenSegment()
    {
        using var dir = new TempDirectory();
        var events = SampleEvents.Mixed(100, seed: 6);
        using (var writer = new TraceWriter(dir.Combine("s"), Meta, new TraceWriterOptions { MaxSegmentRows = 40 }))
        {
            foreach (var e in events)
            {
                writer.Append(e);
            }
        }

        File.WriteAllText(dir.Combine("s/s.00003.parquet.tmp"), "an open segment left by a crash");
        var files = TraceReader.ResolveSegments(dir.Combine("s"));
        Assert.Equal(3, files.Count);

        using var reader = TraceReader.Open([files[1], files[2]]);
        var rows = reader.ReadAllRows();
        Assert.Equal(events.Skip(40), rows);
    }
}
