using BlkTrace.Protocol.Blkif;
using BlkTrace.Protocol.Handshake;
using BlkTrace.Trace.Intents;

namespace BlkTrace.Replay.Strategies;

/// <summary>What every strategy does with reads, plain writes and discards, and the usual step rule.</summary>
public static class PlainPlans
{
    /// <summary>The note on a discard a backend without <c>feature-discard</c> never sees.</summary>
    public const string NoDiscardNote = "no feature-discard: not sent";

    /// <summary>
    /// Plans a read (READ), a plain write (WRITE) or a discard (DISCARD when the backend advertises
    /// <c>feature-discard</c>, else answered EOPNOTSUPP without the ring, as blkfront does). False for
    /// flush intents and durable-ordered writes, which are the strategy's own business.
    /// </summary>
    public static bool TryPlan(in ReplayIntent intent, IntentPlan plan, BackendFeatures features)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(features);
        switch (intent.Kind)
        {
            case IntentKind.Read:
                plan.Add(RingStep.Read(intent));
                return true;
            case IntentKind.Write:
                plan.Add(RingStep.Data(BlkifOperation.Write, intent));
                return true;
            case IntentKind.Discard:
                if (features.Discard)
                {
                    plan.Add(RingStep.Discard(intent));
                }
                else
                {
                    plan.GuestStatus = BlkifStatus.EOpNotSupp;
                    plan.Note = NoDiscardNote;
                }

                return true;
            default:
                return false;
        }
    }

    /// <summary>The usual rule: the guest sees the first failure, and nothing more is sent after it.</summary>
    public static bool Default(IntentPlan plan, BlkifStatus status)
    {
        ArgumentNullException.ThrowIfNull(plan);
        if (status != BlkifStatus.Okay)
        {
            plan.GuestStatus = status;
            return false;
        }

        return true;
    }
}
