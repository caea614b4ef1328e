using System.Text;
using Parquet;
using Parquet.Schema;

namespace BlkTrace.Trace.Storage;

/// <summary>
/// Streams a trace — one file, a list of segments, or a directory of segments — as
/// <see cref="RingEventBatch"/>es, one row group at a time.
/// </summary>
/// <remarks>
/// Data flow and ownership: <see cref="Open(string, TraceColumns)"/> reads every segment's footer
/// (cheap) and checks it is a schema v1 trace, so a bad file fails before any row is returned. Then
/// <see cref="MoveNext"/> opens the segments in order, decodes the next row group's requested
/// columns into the single batch this reader owns, and returns it as <see cref="Current"/>. That
/// batch is valid until the next <see cref="MoveNext"/> or <see cref="Dispose"/>; copy to keep.
/// Memory stays flat: one row group of the requested columns, whatever the trace's length.
/// Anything wrong with a file (not Parquet, truncated, not trace v1, corrupt pages) is an
/// <see cref="InvalidDataException"/> whose one-line message starts with the file's path.
/// </remarks>
public sealed partial class TraceReader : IDisposable
{
    /// <summary>A row group larger than this is treated as corrupt rather than allocated.</summary>
    private const long MaxRowGroupRows = 1L << 27;

    private static readonly byte[] Magic = "PAR1"u8.ToArray();

    private readonly TraceColumns _columns;
    private readonly RingEventBatch _batch;
    private int[] _definitionLevels = [];
    private ReadOnlyMemory<byte>[] _binary = [];
    private int _segment = -1;
    private int _rowGroup;
    private FileStream? _stream;
    private ParquetReader? _reader;
    private DataField[] _fields = [];

    private TraceReader(IReadOnlyList<TraceSegmentInfo> segments, TraceColumns columns)
    {
        Segments = segments;
        _columns = columns;
        _batch = new RingEventBatch(0, columns);
        RowCount = segments.Sum(s => s.Rows);
        Metadata = segments.Count > 0 ? segments[^1].Metadata : new TraceMetadata();
    }

    /// <summary>The segments, in read order.</summary>
    public IReadOnlyList<TraceSegmentInfo> Segments { get; }

    /// <summary>The metadata of the last segment (its dropped count is the capture's final one).</summary>
    public TraceMetadata Metadata { get; }

    /// <summary>Rows in the whole trace, from the footers.</summary>
    public long RowCount { get; }

    /// <summary>The current batch: valid until the next <see cref="MoveNext"/>; copy to keep.</summary>
    public RingEventBatch Current => _batch;

    /// <summary>
    /// The segment files <paramref name="path"/> names: the file itself, or a directory's
    /// <c>*.parquet</c> files in name order (<c>.tmp</c> files of an open segment are ignored).
    /// </summary>
    public static IReadOnlyList<string> ResolveSegments(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (Directory.Exists(path))
        {
            var files = Directory.GetFiles(path, "*.parquet", SearchOption.TopDirectoryOnly)
                .Where(f => f.EndsWith(".parquet", StringComparison.Ordinal))
                .Order(StringComparer.Ordinal)
                .ToArray();
            return files.Length > 0 ? files : throw new InvalidDataException($"{path}: directory holds no .parquet segments");
        }

        return File.Exists(path) ? [path] : throw new FileNotFoundException($"{path}: no such file or directory", path);
    }

    /// <summary>Opens a file or a directory of segments, decoding only <paramref name="columns"/>.</summary>
    public static TraceReader Open(string path, TraceColumns columns = TraceColumns.All) =>
        Open(ResolveSegments(path), columns);

    /// <summary>Opens segments in the given order; each may be a file or a directory.</summary>
    public static TraceReader Open(IEnumerable<string> paths, TraceColumns columns = TraceColumns.All)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var infos = new List<TraceSegmentInfo>();
        foreach (string p in paths)
        {
            foreach (string file in Directory.Exists(p) ? ResolveSegments(p) : [p])
            {
                infos.Add(Inspect(file));
            }
        }

        return infos.Count > 0 ? new TraceReader(infos, columns) : throw new ArgumentException("no trace segments given", nameof(paths));
    }

    /// <summary>Reads the footer of one segment and checks it is trace schema v1.</summary>
    public static TraceSegmentInfo Inspect(string file)
    {
        ArgumentNullException.ThrowIfNull(file);
        using var stream = OpenFile(file);
        var (reader, fields) = OpenParquet(file, stream);
        try
        {
            long rows = 0;
            for (int g = 0; g < reader.RowGroupCount; g++)
            {
                rows += CheckRowGroup(file, reader, g, fields, stream.Length);
            }

            var metadata = TraceMetadata.FromKeyValues(reader.CustomMetadata, file);
            if (metadata.SchemaVersion != TraceSchema.Version)
            {
                throw new InvalidDataException($"{file}: trace schema version {metadata.SchemaVersion} is not supported (this build reads version {TraceSchema.Version})");
            }

            return new TraceSegmentInfo(file, rows, reader.RowGroupCount, stream.Length, metadata);
        }
        finally
        {
            Close(reader);
        }
    }

    /// <summary>Every row of a (small) trace, owning its bytes.</summary>
    public static RingEvent[] ReadAll(string path)
    {
        using var reader = Open(path);
        return reader.ReadAllRows();
    }

    /// <summary>Every remaining row, owning its bytes.</summary>
    public RingEvent[] ReadAllRows()
    {
        var rows = new List<RingEvent>();
        while (MoveNext())
        {
            rows.AddRange(_batch.ToArray());
        }

        return [.. rows];
    }

    /// <summary>Decodes the next row group into <see cref="Current"/>; false at the end.</summary>
    public bool MoveNext() => Advance(_batch, decode: true);

    /// <summary>
    /// Decodes the next row group into <paramref name="destination"/> instead of <see cref="Current"/>,
    /// so a caller can keep several decoded row groups at once (e.g. decoding ahead on another thread
    /// while the previous one is scanned). The batch must have been created for this reader's columns;
    /// it is cleared at the end.
    /// </summary>
    public bool ReadNext(RingEventBatch destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        if (destination.Columns != _columns)
        {
            throw new ArgumentException($"the batch holds columns {destination.Columns}, this reader decodes {_columns}", nameof(destination));
        }

        return Advance(destination, decode: true);
    }

    /// <summary>
    /// Steps over the next row group without decoding it (cheap: no page is read); false at the end.
    /// With <see cref="ReadNext"/>, lets several readers of one trace split its row groups between threads.
    /// </summary>
    public bool SkipNext() => Advance(_batch, decode: false);

    /// <summary>Row groups in the whole trace, from the footers.</summary>
    public int RowGroupCount => Segments.Sum(s => s.RowGroups);

    private bool Advance(RingEventBatch batch, bool decode)
    {
        while (true)
        {
            if (_reader is not null && _rowGroup < _reader.RowGroupCount)
            {
                string file = Segments[_segment].Path;
                if (decode)
                {
                    try
                    {
                        SyncOver.Run(() => ReadRowGroupAsync(_rowGroup, batch));
                    }
                    catch (InvalidDataException e)
                    {
                        throw new InvalidDataException($"{file}: row group {_rowGroup}: {e.Message}", e);
                    }
                    catch (Exception e) when (e is not OutOfMemoryException)
                    {
                        throw new InvalidDataException($"{file}: row group {_rowGroup} is corrupt: {OneLine(e)}", e);
                    }
                }

                _rowGroup++;
                return true;
            }

            CloseSegment();
            if (_segment + 1 >= Segments.Count)
            {
                batch.Clear();
                return false;
            }

            _segment++;
            _rowGroup = 0;
            string next = Segments[_segment].Path;
            _stream = OpenFile(next);
            (_reader, _fields) = OpenParquet(next, _stream);
        }
    }

    /// <summary>Closes the open segment.</summary>
    public void Dispose() => CloseSegment();

    private static FileStream OpenFile(string file)
    {
        try
        {
            return new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1 << 16);
        }
        catch (FileNotFoundException e)
        {
            throw new FileNotFoundException($"{file}: no such file", file, e);
        }
    }

    /// <summary>Checks the Parquet envelope by hand (so a truncated file gets a clear message), then parses the footer.</summary>
    private static (ParquetReader Reader, DataField[] Fields) OpenParquet(string file, FileStream stream)
    {
        long length = stream.Length;
        if (length < 12)
        {
            throw new InvalidDataException($"{file}: not a Parquet file ({length} bytes, too short)");
        }

        Span<byte> head = stackalloc byte[4];
        Span<byte> tail = stackalloc byte[8];
        stream.Position = 0;
        stream.ReadExactly(head);
        stream.Position = length - 8;
        stream.ReadExactly(tail);
        stream.Position = 0;
        if (!head.SequenceEqual(Magic))
        {
            throw new InvalidDataException($"{file}: not a Parquet file (no PAR1 magic at the start)");
        }

        if (!tail[4..].SequenceEqual(Magic))
        {
            throw new InvalidDataException($"{file}: truncated Parquet file (no footer; was it copied while a capture was writing it?)");
        }

        int footer = BitConverter.ToInt32(tail[..4]);
        if (footer <= 0 || footer > length - 12)
        {
            throw new InvalidDataException($"{file}: corrupt Parquet footer length {footer}");
        }

        ParquetReader reader;
        try
        {
            reader = SyncOver.Run(async () => await ParquetReader.CreateAsync(stream, null, leaveStreamOpen: true).ConfigureAwait(false));
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new InvalidDataException($"{file}: unreadable Parquet footer: {OneLine(e)}", e);
        }

        var fields = ParquetLayout.Match(reader.Schema, out string? problem);
        if (problem is not null)
        {
            Close(reader);
            throw new InvalidDataException($"{file}: {problem}");
        }

        return (reader, fields);
    }

    /// <summary>Row counts and chunk extents must fit the file, so a corrupt footer cannot make us allocate or seek wildly.</summary>
    private static long CheckRowGroup(string file, ParquetReader reader, int index, DataField[] fields, long length)
    {
        var rg = reader.OpenRowGroupReader(index);
        long rows = rg.RowCount;
        if (rows < 0 || rows > MaxRowGroupRows)
        {
            throw new InvalidDataException($"{file}: row group {index} claims {rows} rows");
        }

        foreach (var field in fields)
        {
            var meta = rg.GetMetadata(field)?.MetaData;
            if (meta is null)
            {
                throw new InvalidDataException($"{file}: row group {index} has no data for column '{field.Name}'");
            }

            long start = meta.DictionaryPageOffset is > 0 and var d ? Math.Min(d, meta.DataPageOffset) : meta.DataPageOffset;
            if (start < 4 || meta.TotalCompressedSize < 0 || start + meta.TotalCompressedSize > length || meta.NumValues != rows)
            {
                throw new InvalidDataException($"{file}: row group {index} column '{field.Name}' lies outside the file or has {meta.NumValues} values for {rows} rows");
            }
        }

        return rows;
    }

    private static void Close(ParquetReader reader) => SyncOver.Run(reader.DisposeAsync);

    private static string OneLine(Exception e) =>
        $"{e.GetType().Name}: {e.Message}".ReplaceLineEndings(" ");

    private void CloseSegment()
    {
        if (_reader is not null)
        {
            Close(_reader);
            _reader = null;
        }

        _stream?.Dispose();
        _stream = null;
    }

    private async ValueTask ReadRowGroupAsync(int index, RingEventBatch b)
    {
        var rg = _reader!.OpenRowGroupReader(index);
        int n = checked((int)rg.RowCount);
        b.Clear();
        b.EnsureCapacity(n);
        if (_definitionLevels.Length < n)
        {
            _definitionLevels = new int[n];
        }

        var c = _columns;
        var f = _fields;
        if (Has(c, TraceColumns.Seq))
        {
            await ReadRequiredAsync(rg, f[0], b.SeqValues, n).ConfigureAwait(false);
        }

        if (Has(c, TraceColumns.TsNs))
        {
            await ReadRequiredAsync(rg, f[1], b.TsValues, n).ConfigureAwait(false);
        }

        if (Has(c, TraceColumns.Kind))
        {
            await ReadRequiredAsync(rg, f[2], b.KindValues, n).ConfigureAwait(false);
        }

        if (Has(c, TraceColumns.Queue))
        {
            await ReadRequiredAsync(rg, f[3], b.QueueValues, n).ConfigureAwait(false);
        }

        if (Has(c, TraceColumns.RingIdx))
        {
            await ReadRequiredAsync(rg, f[4], b.RingIdxValues, n).ConfigureAwait(false);
        }

        if (Has(c, TraceColumns.Id))
        {
            await ReadRequiredAsync(rg, f[5], b.IdValues, n).ConfigureAwait(false);
        }

        if (Has(c, TraceColumns.Op))
        {
            await ReadRequiredAsync(rg, f[6], b.OpValues, n).ConfigureAwait(false);
        }

        if (Has(c, TraceColumns.IndirectOp))
        {
            await ReadOptionalAsync(rg, f[7], b.IndirectOpValues, b.IndirectOpPresent, n).ConfigureAwait(false);
        }

        if (Has(c, TraceColumns.NrSegments))
        {
            await ReadRequiredAsync(rg, f[8], b.NrSegmentsValues, n).ConfigureAwait(false);
        }

        if (Has(c, TraceColumns.Handle))
        {
            await ReadRequiredAsync(rg, f[9], b.HandleValues, n).ConfigureAwait(false);
        }

        if (Has(c, TraceColumns.Sector))
        {
            await ReadRequiredAsync(rg, f[10], b.SectorValues, n).ConfigureAwait(false);
        }

        if (Has(c, TraceColumns.NrSectors))
        {
            await ReadRequiredAsync(rg, f[11], b.NrSectorsValues, n).ConfigureAwait(false);
        }

        if (Has(c, TraceColumns.SegLayout))
        {
            await ReadLayoutAsync(rg, f[12], n, b).ConfigureAwait(false);
        }

        if (Has(c, TraceColumns.Status))
        {
            await ReadOptionalAsync(rg, f[13], b.StatusValues, b.StatusPresent, n).ConfigureAwait(false);
        }

        if (Has(c, TraceColumns.DataHash))
        {
            await ReadOptionalAsync(rg, f[14], b.HashValues, b.HashPresent, n).ConfigureAwait(false);
        }

        b.Count = n;
    }

    /// <summary>
    /// Reads a column v1 declares REQUIRED. Files re-exported by other tools (DuckDB writes every
    /// column OPTIONAL) are accepted as long as the column holds no null.
    /// </summary>
    private async ValueTask ReadRequiredAsync<T>(ParquetRowGroupReader rg, DataField field, T[] values, int n)
        where T : struct
    {
        if (TryFast(rg, field, values, null, n))
        {
            return;
        }

        if (!field.IsNullable)
        {
            await rg.ReadAsync<T>(field, values.AsMemory(0, n)).ConfigureAwait(false);
            return;
        }

        await rg.ReadRawAsync<T>(field, values.AsMemory(0, n), _definitionLevels.AsMemory(0, n), null, default).ConfigureAwait(false);
        if (CountPresent(n) != n)
        {
            throw new InvalidDataException($"column '{field.Name}' has nulls, which trace v{TraceSchema.Version} does not allow");
        }
    }

    /// <summary>Reads an optional column (values packed, then definition levels) and spreads the values to their rows.</summary>
    private async ValueTask ReadOptionalAsync<T>(ParquetRowGroupReader rg, DataField field, T[] values, bool[] present, int n)
        where T : struct
    {
        if (TryFast(rg, field, values, present, n))
        {
            return;
        }

        if (!field.IsNullable)
        {
            await rg.ReadAsync<T>(field, values.AsMemory(0, n)).ConfigureAwait(false);
            present.AsSpan(0, n).Fill(true);
            return;
        }

        await rg.ReadRawAsync<T>(field, values.AsMemory(0, n), _definitionLevels.AsMemory(0, n), null, default).ConfigureAwait(false);
        int k = CountPresent(n);
        // Walk backwards so each packed value moves right, never over one not yet moved.
        for (int i = n - 1; i >= 0; i--)
        {
            if (_definitionLevels[i] != 0)
            {
                values[i] = values[--k];
                present[i] = true;
            }
            else
            {
                values[i] = default;
                present[i] = false;
            }
        }
    }

    private async ValueTask ReadLayoutAsync(ParquetRowGroupReader rg, DataField field, int n, RingEventBatch b)
    {
        if (_binary.Length < n)
        {
            _binary = new ReadOnlyMemory<byte>[n];
        }

        if (field.IsNullable)
        {
            await rg.ReadRawAsync<ReadOnlyMemory<byte>>(field, _binary.AsMemory(0, n), _definitionLevels.AsMemory(0, n), null, default).ConfigureAwait(false);
        }
        else
        {
            await rg.ReadRawAsync<ReadOnlyMemory<byte>>(field, _binary.AsMemory(0, n), null, null, default).ConfigureAwait(false);
            _definitionLevels.AsSpan(0, n).Fill(1);
        }

        int k = 0;
        int offset = 0;
        b.LayoutOffsets[0] = 0;
        for (int i = 0; i < n; i++)
        {
            if (_definitionLevels[i] != 0)
            {
                var bytes = _binary[k++].Span;
                b.EnsureLayoutBytes(offset + bytes.Length);
                bytes.CopyTo(b.LayoutBytes.AsSpan(offset));
                offset += bytes.Length;
                b.LayoutPresent[i] = true;
            }
            else
            {
                b.LayoutPresent[i] = false;
            }

            b.LayoutOffsets[i + 1] = offset;
        }

        _binary.AsSpan(0, k).Clear();
    }

    private int CountPresent(int n)
    {
        int k = 0;
        foreach (int level in _definitionLevels.AsSpan(0, n))
        {
            k += level != 0 ? 1 : 0;
        }

        return k;
    }

    private static bool Has(TraceColumns set, TraceColumns column) => (set & column) != 0;
}
