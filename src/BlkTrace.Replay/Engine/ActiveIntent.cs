using BlkTrace.Protocol.Blkif;
using BlkTrace.Replay.Strategies;

namespace BlkTrace.Replay.Engine;

/// <summary>
/// An intent the replayer has started and not finished: its plan and, per step, how much is on the
/// ring and how it went. Pooled: one per possible in-flight intent, reused.
/// </summary>
internal sealed class ActiveIntent(int slot)
{
    public readonly int Slot = slot;
    public readonly IntentPlan Plan = new();
    public readonly int[] Outstanding = new int[IntentPlan.MaxSteps];
    public readonly BlkifStatus[] Worst = new BlkifStatus[IntentPlan.MaxSteps];
    public readonly BlkifStatus[] FirstFailure = new BlkifStatus[IntentPlan.MaxSteps];
    public readonly bool[] FullySubmitted = new bool[IntentPlan.MaxSteps];
    public readonly bool[] Completed = new bool[IntentPlan.MaxSteps];
    public ReplayIntent Intent;
    public int Index;
    public int NextStep;
    public int SubmittedSectors;
    public bool StepOpened;
    public int TotalOutstanding;
    public bool Stopped;
    public bool InReadyList;
    public bool InUse;
    public long IssueTicks;
    public long LastCompletionTicks;

    public void Reset(int index, in ReplayIntent intent)
    {
        Index = index;
        Intent = intent;
        Plan.Reset();
        Array.Clear(Outstanding);
        Array.Fill(Worst, BlkifStatus.Okay);
        Array.Clear(FullySubmitted);
        Array.Clear(Completed);
        NextStep = 0;
        SubmittedSectors = 0;
        StepOpened = false;
        TotalOutstanding = 0;
        Stopped = false;
        InReadyList = false;
        InUse = true;
        IssueTicks = 0;
        LastCompletionTicks = 0;
    }

    /// <summary>True when every planned step completed, or a step stopped the rest and nothing is on the ring.</summary>
    public bool IsFinished => TotalOutstanding == 0 && (Stopped || NextStep >= Plan.Count);

    /// <summary>Keeps the worst status of a step's requests: ERROR over EOPNOTSUPP over OKAY.</summary>
    public void Record(int step, BlkifStatus status)
    {
        if (status == BlkifStatus.Okay)
        {
            return;
        }

        if (Worst[step] == BlkifStatus.Okay || status == BlkifStatus.Error)
        {
            Worst[step] = status;
        }
    }
}
