using System.Collections.Concurrent;

namespace BlkTrace.Backend.Service;

/// <summary>The I/O threads of a ring whose store blocks (a file): several requests really in flight.</summary>
public sealed partial class RingService
{
    private readonly ConcurrentQueue<int> _work = new();
    private readonly SemaphoreSlim _workSignal = new(0);
    private readonly ManualResetEventSlim _completed = new(false);
    private Thread[]? _workers;
    private bool _async;
    private int _inflight;
    private int _idleWorkers;
    private volatile bool _stopping;

    /// <summary>Requests handed to I/O threads and not yet answered.</summary>
    public int InFlight => Volatile.Read(ref _inflight);

    private void StartWorkers(int count)
    {
        _async = true;
        _workers = new Thread[count];
        for (int i = 0; i < count; i++)
        {
            _workers[i] = new Thread(WorkerLoop) { IsBackground = true, Name = $"blkback-io-{_queue}-{i}" };
            _workers[i].Start();
        }
    }

    private void StopWorkers()
    {
        if (_workers is null)
        {
            return;
        }

        _stopping = true;
        _workSignal.Release(_workers.Length);
        foreach (var t in _workers)
        {
            t.Join();
        }

        _workers = null;
    }

    private void Dispatch(RequestContext context)
    {
        Interlocked.Increment(ref _inflight);
        _work.Enqueue(context.Index);

        // Wake a worker only if one sleeps; a worker re-checks the queue after announcing itself idle, so none is missed.
        if (Volatile.Read(ref _idleWorkers) > 0)
        {
            _workSignal.Release();
        }
    }

    /// <summary>Waits until every earlier request of this ring has completed (Linux <c>xen_blk_drain_io</c>).</summary>
    private void DrainInFlight()
    {
        if (_pendingCount > 0)
        {
            CompletePending();
        }

        if (!_async)
        {
            return;
        }

        Push();
        while (Volatile.Read(ref _inflight) > 0)
        {
            _completed.Reset();
            if (Volatile.Read(ref _inflight) == 0)
            {
                break;
            }

            _completed.Wait(100);
        }
    }

    private void WorkerLoop()
    {
        while (true)
        {
            if (_work.TryDequeue(out int index))
            {
                var context = _contexts[index];
                Respond(context, Execute(context));
                Push();
                Interlocked.Decrement(ref _inflight);
                _completed.Set();
                continue;
            }

            if (_stopping)
            {
                return;
            }

            Interlocked.Increment(ref _idleWorkers);
            if (_work.IsEmpty && !_stopping)
            {
                _workSignal.Wait(100);
            }

            Interlocked.Decrement(ref _idleWorkers);
        }
    }
}
