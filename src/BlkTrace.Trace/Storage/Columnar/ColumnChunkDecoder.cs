using System.Diagnostics;
using ZstdSharp;

namespace BlkTrace.Trace.Storage.Columnar;

/// <summary>
/// Decodes one INT32 or INT64 column chunk of a flat (non-repeated) column straight into a
/// caller's array: reads the chunk's bytes in one read, walks its pages (dictionary, data page v1
/// and v2), decompresses (uncompressed, Snappy, Zstd) and decodes PLAIN, DELTA_BINARY_PACKED and
/// RLE_DICTIONARY/PLAIN_DICTIONARY values and RLE definition levels.
/// </summary>
/// <remarks>
/// Ownership: every buffer (chunk bytes, one decompressed page, dictionary, indices, levels) is
/// owned here and reused from chunk to chunk, so steady-state decoding allocates nothing. Anything
/// this decoder does not handle (another codec, encoding or page kind) is a
/// <see cref="NotSupportedException"/> raised before any value is written, so the caller can fall
/// back to Parquet.Net for that chunk; anything malformed is an <see cref="InvalidDataException"/>.
/// </remarks>
internal sealed class ColumnChunkDecoder
{


    private static long _decompressTicks;
    private static long _readTicks;
    private static long _decompressedBytes;

    private readonly Decompressor _zstd = new();
    private byte[] _chunk = [];
    private byte[] _page = [];
    private int[] _levels = [];
    private long[] _dictLong = [];
    private int[] _dictInt = [];
    private int[] _indices = [];
    private long[] _deltaScratch = [];

    /// <summary>Stopwatch ticks spent decompressing pages, process-wide (a profile split for benchmarks; two timestamps per page).</summary>
    public static long DecompressTicks => Interlocked.Read(ref _decompressTicks);

    /// <summary>Stopwatch ticks spent reading column chunks' bytes from their files, process-wide.</summary>
    public static long ReadTicks => Interlocked.Read(ref _readTicks);

    /// <summary>Bytes pages decompressed to, process-wide.</summary>
    public static long DecompressedBytes => Interlocked.Read(ref _decompressedBytes);

    /// <summary>Definition levels of the last nullable chunk decoded (1 = present), one per row.</summary>
    public ReadOnlySpan<int> Levels(int rows) => _levels.AsSpan(0, rows);

    /// <summary>True when this decoder handles the codec and physical type (encodings are only known page by page).</summary>
    public static bool Handles(int codec, int physicalType) =>
        codec is ParquetCodes.CodecUncompressed or ParquetCodes.CodecSnappy or ParquetCodes.CodecZstd && physicalType is ParquetCodes.TypeInt32 or ParquetCodes.TypeInt64;

    /// <summary>
    /// Decodes the chunk at [<paramref name="offset"/>, +<paramref name="length"/>) of
    /// <paramref name="stream"/> holding <paramref name="rows"/> rows. Values of present rows are
    /// written packed from index 0 of <paramref name="longs"/> (INT64) or <paramref name="ints"/> (INT32);
    /// for a nullable column <see cref="Levels"/> then says which rows they belong to. Returns the
    /// number of values written.
    /// </summary>
    public int Decode(Stream stream, long offset, long length, int codec, int physicalType, bool nullable, int rows, Span<long> longs, Span<int> ints)
    {
        if (!Handles(codec, physicalType))
        {
            throw new NotSupportedException($"codec {codec} / physical type {physicalType}");
        }

        if (length is < 0 or > int.MaxValue)
        {
            throw new InvalidDataException($"column chunk of {length} bytes");
        }

        if (_chunk.Length < length)
        {
            _chunk = new byte[Math.Max(length, _chunk.Length * 2L)];
        }

        if (nullable && _levels.Length < rows)
        {
            _levels = new int[rows];
        }

        long t0 = Stopwatch.GetTimestamp();
        stream.Position = offset;
        stream.ReadExactly(_chunk, 0, (int)length);
        Interlocked.Add(ref _readTicks, Stopwatch.GetTimestamp() - t0);
        var chunk = _chunk.AsSpan(0, (int)length);
        bool int64 = physicalType == ParquetCodes.TypeInt64;
        int pos = 0;
        int rowsDone = 0;
        int packed = 0;
        int dictCount = -1;
        while (rowsDone < rows)
        {
            if (pos >= chunk.Length)
            {
                throw new InvalidDataException($"column chunk ends after {rowsDone} of {rows} values");
            }

            var header = PageHeader.Parse(chunk[pos..], out int headerLength);
            pos += headerLength;
            if (header.CompressedSize > chunk.Length - pos)
            {
                throw new InvalidDataException("page runs past the end of its column chunk");
            }

            var body = chunk.Slice(pos, header.CompressedSize);
            pos += header.CompressedSize;
            switch (header.Type)
            {
                case ParquetCodes.PageDictionary:
                    {
                        if (header.Encoding is not (ParquetCodes.EncodingPlain or ParquetCodes.EncodingPlainDictionary))
                        {
                            throw new NotSupportedException($"dictionary page encoding {header.Encoding}");
                        }

                        var plain = Decompress(body, codec, header.UncompressedSize);
                        dictCount = header.NumValues;
                        if (int64)
                        {
                            Grow(ref _dictLong, dictCount);
                            BitUnpacker.PlainInt64(plain, _dictLong.AsSpan(0, dictCount));
                        }
                        else
                        {
                            Grow(ref _dictInt, dictCount);
                            BitUnpacker.PlainInt32(plain, _dictInt.AsSpan(0, dictCount));
                        }

                        break;
                    }

                case ParquetCodes.PageData:
                case ParquetCodes.PageDataV2:
                    {
                        int count = header.NumValues;
                        if (count > rows - rowsDone)
                        {
                            throw new InvalidDataException($"pages hold more than the chunk's {rows} values");
                        }

                        ReadOnlySpan<byte> values;
                        int present;
                        if (header.Type == ParquetCodes.PageData)
                        {
                            var page = Decompress(body, codec, header.UncompressedSize);
                            int at = 0;
                            present = count;
                            if (nullable)
                            {
                                if (header.DefinitionLevelEncoding != ParquetCodes.EncodingRle)
                                {
                                    throw new NotSupportedException($"definition level encoding {header.DefinitionLevelEncoding}");
                                }

                                if (page.Length < 4)
                                {
                                    throw new InvalidDataException("data page too short for its definition levels");
                                }

                                int levelBytes = BitConverter.ToInt32(page[..4]);
                                if (levelBytes < 0 || levelBytes > page.Length - 4)
                                {
                                    throw new InvalidDataException("definition levels run past the end of the page");
                                }

                                present = DecodeLevels(page.Slice(4, levelBytes), rowsDone, count);
                                at = 4 + levelBytes;
                            }

                            values = page[at..];
                        }
                        else
                        {
                            int levels = header.RepetitionLevelsLength + header.DefinitionLevelsLength;
                            if (header.RepetitionLevelsLength != 0 || levels > body.Length)
                            {
                                throw new InvalidDataException("data page v2 has repetition levels or levels past its end");
                            }

                            present = count;
                            if (nullable)
                            {
                                present = DecodeLevels(body.Slice(0, header.DefinitionLevelsLength), rowsDone, count);
                            }

                            values = header.IsCompressed
                                ? Decompress(body[levels..], codec, header.UncompressedSize - levels)
                                : body[levels..];
                        }

                        DecodeValues(header.Encoding, values, int64, present, dictCount, longs, ints, packed);
                        packed += present;
                        rowsDone += count;
                        break;
                    }

                default:
                    // Index pages and future page kinds carry no values of ours.
                    break;
            }
        }

        return packed;
    }

    private int DecodeLevels(ReadOnlySpan<byte> data, int at, int count)
    {
        var levels = _levels.AsSpan(at, count);
        BitUnpacker.DecodeHybrid(data, 1, levels);
        int present = 0;
        foreach (int l in levels)
        {
            if ((uint)l > 1)
            {
                throw new InvalidDataException($"definition level {l} above the column's maximum 1");
            }

            present += l;
        }

        return present;
    }

    private void DecodeValues(int encoding, ReadOnlySpan<byte> data, bool int64, int count, int dictCount, Span<long> longs, Span<int> ints, int at)
    {
        if ((int64 ? longs.Length : ints.Length) - at < count)
        {
            throw new InvalidDataException("more values than rows");
        }

        switch (encoding)
        {
            case ParquetCodes.EncodingPlain:
                if (int64)
                {
                    BitUnpacker.PlainInt64(data, longs.Slice(at, count));
                }
                else
                {
                    BitUnpacker.PlainInt32(data, ints.Slice(at, count));
                }

                break;
            case ParquetCodes.EncodingDeltaBinaryPacked:
                if (int64)
                {
                    DeltaBinaryPacked.Decode(data, longs.Slice(at, count));
                }
                else
                {
                    Grow(ref _deltaScratch, count);
                    var wide = _deltaScratch.AsSpan(0, count);
                    DeltaBinaryPacked.Decode(data, wide);
                    var dst = ints.Slice(at, count);
                    for (int i = 0; i < wide.Length; i++)
                    {
                        dst[i] = (int)wide[i];
                    }
                }

                break;
            case ParquetCodes.EncodingPlainDictionary:
            case ParquetCodes.EncodingRleDictionary:
                {
                    if (dictCount < 0)
                    {
                        throw new InvalidDataException("dictionary-encoded page without a dictionary page");
                    }

                    if (count == 0)
                    {
                        break;
                    }

                    if (data.Length < 1)
                    {
                        throw new InvalidDataException("dictionary-encoded page without its bit width");
                    }

                    Grow(ref _indices, count);
                    var idx = _indices.AsSpan(0, count);
                    BitUnpacker.DecodeHybrid(data[1..], data[0], idx);
                    if (int64)
                    {
                        Gather(_dictLong.AsSpan(0, dictCount), idx, longs.Slice(at, count));
                    }
                    else
                    {
                        Gather(_dictInt.AsSpan(0, dictCount), idx, ints.Slice(at, count));
                    }

                    break;
                }

            default:
                throw new NotSupportedException($"encoding {encoding}");
        }
    }

    private static void Gather<T>(ReadOnlySpan<T> dictionary, ReadOnlySpan<int> indices, Span<T> destination)
    {
        for (int i = 0; i < indices.Length; i++)
        {
            int k = indices[i];
            if ((uint)k >= (uint)dictionary.Length)
            {
                throw new InvalidDataException($"dictionary index {k} outside a dictionary of {dictionary.Length}");
            }

            destination[i] = dictionary[k];
        }
    }

    private ReadOnlySpan<byte> Decompress(ReadOnlySpan<byte> body, int codec, int uncompressed)
    {
        if (codec == ParquetCodes.CodecUncompressed)
        {
            return body;
        }

        if (uncompressed < 0)
        {
            throw new InvalidDataException($"page claims {uncompressed} uncompressed bytes");
        }

        Grow(ref _page, uncompressed);
        var dst = _page.AsSpan(0, uncompressed);
        int written;
        long t0 = Stopwatch.GetTimestamp();
        try
        {
            written = codec == ParquetCodes.CodecZstd ? _zstd.Unwrap(body, dst) : Snappier.Snappy.Decompress(body, dst);
        }
        catch (Exception e) when (e is not InvalidDataException and not OutOfMemoryException)
        {
            throw new InvalidDataException($"page does not decompress: {e.Message}".ReplaceLineEndings(" "), e);
        }
        finally
        {
            Interlocked.Add(ref _decompressTicks, Stopwatch.GetTimestamp() - t0);
            Interlocked.Add(ref _decompressedBytes, uncompressed);
        }

        if (written != uncompressed)
        {
            throw new InvalidDataException($"page decompressed to {written} bytes, header says {uncompressed}");
        }

        return dst;
    }

    private static void Grow<T>(ref T[] array, int size)
    {
        if (array.Length < size)
        {
            array = new T[Math.Max(size, array.Length * 2)];
        }
    }
}
