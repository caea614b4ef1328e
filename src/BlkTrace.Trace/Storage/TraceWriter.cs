using System.Globalization;
using BlkTrace.Trace.Storage.Format;

namespace BlkTrace.Trace.Storage;

/// <summary>
/// Writes a capture as a directory of sealed Parquet segments, <c>name.00000.parquet</c>,
/// <c>name.00001.parquet</c>, …, rolled by rows and by age.
/// </summary>
/// <remarks>
/// A segment is written under <c>name.NNNNN.parquet.tmp</c>, fsynced, and renamed into place only
/// when complete, so the directory only ever holds whole files and a crash loses at most the open
/// segment. Rows are buffered up to a row group and then encoded by <see cref="ParquetSegmentEncoder"/>
/// (our own allocation-free Parquet encoder; Parquet.Net is used only to read); every segment's
/// footer carries the full metadata, with the dropped count as it stood when the segment was sealed
/// (the last segment's is final). Not thread-safe: one thread appends (the tap's writer thread).
/// If a write fails, the open segment is discarded (its temporary file deleted), the
/// <see cref="IOException"/> names it, and the next append starts that segment number afresh.
/// </remarks>
public sealed class TraceWriter : IDisposable
{
    private const int AgeCheckInterval = 1024;
    private static readonly string Version = typeof(TraceWriter).Assembly.GetName().Version?.ToString(3) ?? "0";
    private static readonly string CreatedBy = "blkt version " + Version;

    private readonly TraceWriterOptions _options;
    private readonly ParquetSegmentEncoder _encoder;
    private readonly RingEventBatch _pending;
    private readonly List<TraceSegment> _sealed = [];

    private FileStream? _stream;
    private string? _tempPath;
    private long _openRows;
    private long _openFirstSeq;
    private long _openLastSeq;
    private long _openedAt;
    private int _nextIndex;
    private int _sinceAgeCheck;
    private long _droppedAtLastSeal = -1;
    private bool _completed;
    // Set from other threads (a tap's owner), read when a segment is sealed: a reference swap.
    private volatile TraceMetadata _metadata = new();

    /// <summary>
    /// Creates <paramref name="directory"/> if needed and opens the first segment at once, so an
    /// unwritable output fails here, before any event is taken. A directory that already holds
    /// segments of the same name is refused.
    /// </summary>
    public TraceWriter(string directory, TraceMetadata metadata, TraceWriterOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(metadata);
        _options = options ?? new TraceWriterOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.RowGroupRows, 1, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.MaxSegmentRows, 1, nameof(options));

        Directory = Path.GetFullPath(directory);
        BaseName = _options.BaseName ?? Path.GetFileName(Path.TrimEndingDirectorySeparator(Directory));
        if (string.IsNullOrEmpty(BaseName))
        {
            BaseName = "trace";
        }

        // The setter rejects colliding extra keys before anything touches the disk.
        Metadata = metadata.Writer is null ? metadata with { Writer = "blkt " + Version } : metadata;
        DroppedEvents = metadata.DroppedEvents;
        int rows = _options.RowGroupRows;
        _pending = new RingEventBatch(rows);
        _encoder = new ParquetSegmentEncoder(rows);

        System.IO.Directory.CreateDirectory(Directory);
        string first = SegmentPath(0);
        if (File.Exists(first))
        {
            throw new IOException($"{Directory}: already holds a capture named '{BaseName}' ({Path.GetFileName(first)}); write to an empty directory");
        }

        Open();
    }

    /// <summary>Raised on the writing thread after a segment has been renamed into place.</summary>
    public event EventHandler<TraceSegment>? SegmentSealed;

    /// <summary>The output directory (full path).</summary>
    public string Directory { get; }

    /// <summary>The segment base name.</summary>
    public string BaseName { get; }

    /// <summary>
    /// The metadata written into every segment sealed from now on (the dropped count comes from
    /// <see cref="DroppedEvents"/>). Safe to set from another thread.
    /// </summary>
    public TraceMetadata Metadata
    {
        get => _metadata;
        set
        {
            ArgumentNullException.ThrowIfNull(value);
            value.ToKeyValues();
            _metadata = value;
        }
    }

    /// <summary>The dropped-event count written into <c>blktrace.dropped_events</c> of segments sealed from now on.</summary>
    public long DroppedEvents { get; set; }

    /// <summary>Segments sealed so far, in order.</summary>
    public IReadOnlyList<TraceSegment> SealedSegments => _sealed;

    /// <summary>Rows in sealed segments.</summary>
    public long SealedRows { get; private set; }

    /// <summary>Rows appended to the open segment (buffered or written, not yet sealed).</summary>
    public long OpenRows => _openRows;

    /// <summary>Appends one row; may write a row group or seal a segment.</summary>
    public void Append(in RingEvent row)
    {
        ObjectDisposedException.ThrowIf(_completed, this);
        if (_stream is null)
        {
            Open();
        }

        if (_openRows == 0)
        {
            _openFirstSeq = row.Seq;
        }

        _openLastSeq = row.Seq;
        _pending.Add(row);
        _openRows++;
        if (_pending.Count == _options.RowGroupRows)
        {
            WriteRowGroup();
        }

        if (_openRows >= _options.MaxSegmentRows)
        {
            Seal();
        }
        else if (++_sinceAgeCheck >= AgeCheckInterval)
        {
            Poll();
        }
    }

    /// <summary>Appends every row of a batch (which must hold every column).</summary>
    public void Append(RingEventBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        for (int i = 0; i < batch.Count; i++)
        {
            Append(batch.GetRow(i));
        }
    }

    /// <summary>Seals the open segment if it has rows and has reached its age limit. Call it when idle.</summary>
    public void Poll()
    {
        _sinceAgeCheck = 0;
        if (_stream is not null && _openRows > 0 && _options.MaxSegmentAge is { } age &&
            _options.TimeProvider.GetElapsedTime(_openedAt) >= age)
        {
            Seal();
        }
    }

    /// <summary>
    /// Seals the open segment. A capture always ends with a sealed segment carrying the final
    /// dropped count: an empty one is written if nothing was recorded, or if drops were counted
    /// after the last segment was sealed.
    /// </summary>
    public void Complete()
    {
        if (_completed)
        {
            return;
        }

        if (_stream is not null && (_openRows > 0 || _sealed.Count == 0 || DroppedEvents != _droppedAtLastSeal))
        {
            Seal();
        }
        else if (_stream is null && (_sealed.Count == 0 || DroppedEvents != _droppedAtLastSeal))
        {
            Open();
            Seal();
        }
        else
        {
            Abort();
        }

        _completed = true;
    }

    /// <summary>Discards the open segment: closes and deletes its temporary file. Sealed segments are untouched.</summary>
    public void Abort()
    {
        var stream = _stream;
        _stream = null;
        _encoder.Reset();
        _pending.Clear();
        _openRows = 0;

        try
        {
            stream?.Dispose();
        }
        catch (IOException)
        {
            // The file is being discarded; a failing close (disk full) changes nothing.
        }

        if (_tempPath is not null)
        {
            try
            {
                File.Delete(_tempPath);
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }

            _tempPath = null;
        }
    }

    /// <summary>Completes the capture (seals the open segment).</summary>
    public void Dispose()
    {
        try
        {
            Complete();
        }
        finally
        {
            _encoder.Dispose();
        }
    }

    private string SegmentPath(int index) =>
        Path.Combine(Directory, string.Create(CultureInfo.InvariantCulture, $"{BaseName}.{index:D5}.parquet"));

    private void Open()
    {
        string path = SegmentPath(_nextIndex) + ".tmp";
        Guard(path, () =>
        {
            _tempPath = path;
            _stream = new FileStream(path, FileMode.Create, FileAccess.ReadWrite, FileShare.Read, 1 << 20);
            _encoder.Begin(_stream);
        });
        _openRows = 0;
        _openedAt = _options.TimeProvider.GetTimestamp();
    }

    private void WriteRowGroup()
    {
        if (_pending.Count == 0)
        {
            return;
        }

        Guard(_tempPath!, () => _encoder.WriteRowGroup(_pending));
        _pending.Clear();
    }

    private void Seal()
    {
        WriteRowGroup();
        string temp = _tempPath!;
        string final = temp[..^".tmp".Length];
        var kv = (_metadata with { DroppedEvents = DroppedEvents }).ToKeyValues();
        Guard(temp, () =>
        {
            _encoder.Finish(kv, CreatedBy);
            if (_options.Durable)
            {
                _stream!.Flush(flushToDisk: true);
            }

            _stream!.Dispose();
            _stream = null;
            File.Move(temp, final);
        });
        _tempPath = null;
        var segment = new TraceSegment(final, _nextIndex, _openRows, _openRows > 0 ? _openFirstSeq : null, _openRows > 0 ? _openLastSeq : null);
        _sealed.Add(segment);
        SealedRows += _openRows;
        _openRows = 0;
        _droppedAtLastSeal = DroppedEvents;
        _nextIndex++;
        SegmentSealed?.Invoke(this, segment);
    }

    /// <summary>Runs a step that touches the file; on failure discards the open segment and names it.</summary>
    private void Guard(string path, Action step)
    {
        try
        {
            step();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            Abort();
            string reason = e is IOException or UnauthorizedAccessException ? e.Message : $"{e.GetType().Name}: {e.Message}";
            throw new IOException($"{path}: {reason.ReplaceLineEndings(" ")}", e);
        }
    }
}
