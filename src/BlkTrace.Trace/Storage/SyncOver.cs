namespace BlkTrace.Trace.Storage;

/// <summary>
/// Runs Parquet.Net's async API to completion on the calling thread. The synchronization context
/// is cleared first, so a caller that has one (a UI, a test runner) cannot deadlock on continuations
/// that want to come back to it.
/// </summary>
internal static class SyncOver
{
    public static void Run(Func<ValueTask> work)
    {
        var context = SynchronizationContext.Current;
        if (context is null)
        {
            work().GetAwaiter().GetResult();
            return;
        }

        SynchronizationContext.SetSynchronizationContext(null);
        try
        {
            work().GetAwaiter().GetResult();
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(context);
        }
    }

    public static T Run<T>(Func<ValueTask<T>> work)
    {
        var context = SynchronizationContext.Current;
        if (context is null)
        {
            return work().GetAwaiter().GetResult();
        }

        SynchronizationContext.SetSynchronizationContext(null);
        try
        {
            return work().GetAwaiter().GetResult();
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(context);
        }
    }
}
