using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;
using BlkTrace.Trace;
using BlkTrace.Trace.Storage;

namespace BlkTrace.Analysis.Scan;

/// <summary>
/// Hands a trace's row groups to one consumer in order, decoded ahead by worker threads.
/// </summary>
/// <remarks>
/// Parquet decoding costs several times more than the scan, so with N decoders each opens its own
/// <see cref="TraceReader"/> and decodes every N-th row group (skipping the others without reading
/// them) into one of two batches it owns; the consumer takes row group g from decoder g mod N and
/// gives the batch back when it asks for the next. A batch is valid until the next MoveNext.
/// Memory: 2 × N row groups of the requested columns. Errors in a decoder surface in the consumer,
/// unchanged. With N = 1 nothing runs in the background.
/// </remarks>
internal sealed class RowGroupPipeline : IDisposable
{
    private readonly TraceReader _first;
    private readonly Decoder[] _decoders;
    private readonly CancellationTokenSource _stop = new();
    private RingEventBatch? _current;
    private int _owner = -1;
    private long _group;

    private RowGroupPipeline(IReadOnlyList<string> paths, TraceColumns columns, int decoders)
    {
        _first = TraceReader.Open(paths, columns);
        int n = Math.Clamp(decoders, 1, Math.Max(1, _first.RowGroupCount));
        _decoders = new Decoder[n > 1 ? n : 0];
        for (int k = 0; k < _decoders.Length; k++)
        {
            var reader = k == 0 ? _first : TraceReader.Open(paths, columns);
            _decoders[k] = new Decoder(reader, k, n, columns, _stop.Token);
        }

        foreach (var d in _decoders)
        {
            d.Start();
        }
    }

    public TraceMetadata Metadata => _first.Metadata;

    public long RowCount => _first.RowCount;

    public RingEventBatch Current => _current ?? throw new InvalidOperationException("MoveNext first");

    public static RowGroupPipeline Open(IReadOnlyList<string> paths, TraceColumns columns, int decoders) =>
        new(paths, columns, decoders <= 0 ? Math.Clamp(Environment.ProcessorCount, 1, 4) : decoders);

    public bool MoveNext(CancellationToken cancel)
    {
        cancel.ThrowIfCancellationRequested();
        if (_decoders.Length == 0)
        {
            bool more = _first.MoveNext();
            _current = more ? _first.Current : null;
            return more;
        }

        if (_owner >= 0 && _current is not null)
        {
            _decoders[_owner].Free.Add(_current, CancellationToken.None);
            _current = null;
        }

        _owner = (int)(_group % _decoders.Length);
        var decoder = _decoders[_owner];
        RingEventBatch? batch;
        try
        {
            if (!decoder.Full.TryTake(out batch, Timeout.Infinite, cancel))
            {
                batch = null;
            }
        }
        catch (InvalidOperationException)
        {
            batch = null; // completed and empty
        }

        if (batch is null)
        {
            decoder.Failure?.Throw();
            _owner = -1;
            return false;
        }

        _current = batch;
        _group++;
        return true;
    }

    public void Dispose()
    {
        _stop.Cancel();
        foreach (var d in _decoders)
        {
            d.Join();
        }

        _first.Dispose();
        foreach (var d in _decoders.Skip(1))
        {
            d.Reader.Dispose();
        }

        _stop.Dispose();
    }

    private sealed class Decoder(TraceReader reader, int index, int stride, TraceColumns columns, CancellationToken stop)
    {
        private Thread? _thread;

        public TraceReader Reader { get; } = reader;

        public BlockingCollection<RingEventBatch> Free { get; } = new(new ConcurrentQueue<RingEventBatch>([new RingEventBatch(0, columns), new RingEventBatch(0, columns)]));

        public BlockingCollection<RingEventBatch> Full { get; } = new(2);

        public ExceptionDispatchInfo? Failure { get; private set; }

        public void Start()
        {
            _thread = new Thread(Run) { IsBackground = true, Name = "blkt decode " + index };
            _thread.Start();
        }

        public void Join() => _thread?.Join();

        private void Run()
        {
            try
            {
                for (long g = 0; ; g++)
                {
                    if (g % stride != index)
                    {
                        if (!Reader.SkipNext())
                        {
                            break;
                        }

                        continue;
                    }

                    var batch = Free.Take(stop);
                    if (!Reader.ReadNext(batch))
                    {
                        break;
                    }

                    Full.Add(batch, stop);
                }
            }
            catch (OperationCanceledException)
            {
            }
            catch (Exception e)
            {
                Failure = ExceptionDispatchInfo.Capture(e);
            }
            finally
            {
                Full.CompleteAdding();
            }
        }
    }
}
