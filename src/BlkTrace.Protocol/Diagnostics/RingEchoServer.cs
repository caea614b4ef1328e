using BlkTrace.Protocol.Blkif;
using BlkTrace.Protocol.Ring;
using BlkTrace.Protocol.Transport;

namespace BlkTrace.Protocol.Diagnostics;

/// <summary>
/// A bare echo backend: answers every request OKAY with its id and operation, and does nothing
/// else. It measures the ring and the transport alone (<c>blkt ring-bench</c>). The loop spins for a
/// while before it sleeps; while it spins it leaves <c>req_event</c> alone, so a busy frontend
/// sends no notifications at all, and only when it is about to sleep does it ask for one.
/// </summary>
public sealed class RingEchoServer
{
    private readonly BackRing _ring;
    private readonly IEventChannel _channel;
    private readonly int _spinIterations;
    private readonly int _pushMask;
    private long _requests;
    private long _sleeps;
    private long _rearms;

    /// <summary>Serves <paramref name="ring"/>, sleeping on <paramref name="channel"/>.</summary>
    public RingEchoServer(BackRing ring, IEventChannel channel, int spinIterations = 20_000)
    {
        _ring = ring ?? throw new ArgumentNullException(nameof(ring));
        _channel = channel ?? throw new ArgumentNullException(nameof(channel));
        _spinIterations = spinIterations;
        _pushMask = Math.Max(1, ring.Size / 4) - 1;
    }

    /// <summary>Requests answered.</summary>
    public long Requests => Volatile.Read(ref _requests);

    /// <summary>Times the loop went to sleep on the event channel.</summary>
    public long Sleeps => Volatile.Read(ref _sleeps);

    /// <summary>
    /// Times the loop asked to be notified (set <c>req_event</c> in a final check). A frontend that
    /// follows the notify rule sends at most one notification per re-arm, plus one for the initial
    /// <c>req_event</c> of a fresh ring.
    /// </summary>
    public long Rearms => Volatile.Read(ref _rearms);

    /// <summary>True when the frontend overflowed the ring and the loop halted it, as Linux blkback does.</summary>
    public bool Halted { get; private set; }

    /// <summary>Runs until cancelled or halted.</summary>
    public void Run(CancellationToken cancellationToken)
    {
        int idle = 0;
        long answered = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            uint prod = _ring.ReadRequestProducer();
            if (_ring.IsProducerOverflow(prod))
            {
                Halted = true;
                break;
            }

            int n = 0;
            while (_ring.TryConsumeRequest(prod, out var request, out _))
            {
                _ring.ProduceResponse(new BlkifResponse(request.Id, request.Operation, BlkifStatus.Okay));
                if ((++n & _pushMask) == 0 && _ring.PushResponses())
                {
                    // Publishing in quarter-ring steps lets the frontend refill while we answer the rest.
                    _channel.Notify();
                }
            }

            if (n > 0)
            {
                answered += n;
                Volatile.Write(ref _requests, answered);
                if (_ring.PushResponses())
                {
                    _channel.Notify();
                }

                idle = 0;
                continue;
            }

            if (++idle < _spinIterations)
            {
                SpinPolicy.Idle(idle);
                continue;
            }

            idle = 0;
            Volatile.Write(ref _rearms, _rearms + 1);
            if (!_ring.FinalCheckForRequests())
            {
                Volatile.Write(ref _sleeps, _sleeps + 1);
                _channel.Wait(50);
            }
        }
    }
}
