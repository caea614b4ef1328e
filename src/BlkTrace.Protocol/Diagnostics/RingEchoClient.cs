using BlkTrace.Protocol.Blkif;
using BlkTrace.Protocol.Ring;
using BlkTrace.Protocol.Transport;
using BlkTrace.Protocol.Wire;

namespace BlkTrace.Protocol.Diagnostics;

/// <summary>
/// Drives an echo backend: keeps the ring full of one-segment WRITE requests with increasing ids
/// and checks that every response carries the id and operation of the request it answers (the
/// echo answers in order). Like the server it spins before it sleeps.
/// </summary>
public sealed class RingEchoClient
{
    private readonly FrontRing _ring;
    private readonly IEventChannel _channel;
    private readonly int _spinIterations;

    /// <summary>Drives <paramref name="ring"/>, sleeping on <paramref name="channel"/>.</summary>
    public RingEchoClient(FrontRing ring, IEventChannel channel, int spinIterations = 20_000)
    {
        _ring = ring ?? throw new ArgumentNullException(nameof(ring));
        _channel = channel ?? throw new ArgumentNullException(nameof(channel));
        _spinIterations = spinIterations;
    }

    /// <summary>Sends <paramref name="count"/> requests and waits for every response.</summary>
    /// <param name="count">Round trips to make.</param>
    /// <param name="firstId">The id of the first request (ids increase by one).</param>
    /// <param name="cancellationToken">Stops early; the result then counts what completed.</param>
    public RingEchoResult Run(long count, ulong firstId, CancellationToken cancellationToken)
    {
        var request = BlkifRequest.Direct(BlkifOperation.Write, 0, 0, [new BlkifSegment(0, 0, 7)]);
        ulong nextId = firstId;
        ulong expected = firstId;
        long submitted = 0;
        long completed = 0;
        long mismatches = 0;
        long sleeps = 0;
        int idle = 0;
        long sentBefore = _channel.NotificationsSent;
        long receivedBefore = _channel.NotificationsReceived;
        long start = System.Diagnostics.Stopwatch.GetTimestamp();

        // Publish in quarter-ring steps so the backend starts on a batch while we fill the rest.
        int pushMask = Math.Max(1, _ring.Size / 4) - 1;

        while (completed < count && !cancellationToken.IsCancellationRequested)
        {
            int produced = 0;
            int free = _ring.FreeRequests;
            long left = count - submitted;
            int batch = (int)Math.Min(free, left);
            for (int i = 0; i < batch; i++)
            {
                request.Id = nextId;
                request.SectorNumber = nextId * BlkifConstants.SectorsPerPage;
                _ring.ProduceRequest(in request);
                nextId++;
                if ((++produced & pushMask) == 0 && _ring.PushRequests())
                {
                    _channel.Notify();
                }
            }

            if (produced > 0)
            {
                submitted += produced;
                if (_ring.PushRequests())
                {
                    _channel.Notify();
                }
            }

            int consumed = 0;
            while (_ring.TryConsumeResponse(out var response))
            {
                if (response.Id != expected || response.Operation != BlkifOperation.Write || response.Status != BlkifStatus.Okay)
                {
                    mismatches++;
                }

                expected++;
                consumed++;
            }

            completed += consumed;
            if (produced > 0 || consumed > 0)
            {
                idle = 0;
                continue;
            }

            if (++idle < _spinIterations)
            {
                SpinPolicy.Idle(idle);
                continue;
            }

            idle = 0;
            if (!_ring.FinalCheckForResponses())
            {
                sleeps++;
                _channel.Wait(50);
            }
        }

        var elapsed = System.Diagnostics.Stopwatch.GetElapsedTime(start);
        return new RingEchoResult(
            completed,
            mismatches,
            elapsed,
            _channel.NotificationsSent - sentBefore,
            _channel.NotificationsReceived - receivedBefore,
            sleeps);
    }
}
