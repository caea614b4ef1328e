namespace BlkTrace.Protocol.Diagnostics;

/// <summary>What a <see cref="RingEchoClient"/> run measured.</summary>
/// <param name="RoundTrips">Responses received.</param>
/// <param name="Mismatches">Responses whose id, operation or status did not match the request they answer.</param>
/// <param name="Elapsed">Wall time from the first request to the last response.</param>
/// <param name="NotificationsSent">Notifications the frontend sent.</param>
/// <param name="NotificationsReceived">Wake-ups the frontend took.</param>
/// <param name="Sleeps">Times the frontend slept on its event channel.</param>
public sealed record RingEchoResult(long RoundTrips, long Mismatches, TimeSpan Elapsed, long NotificationsSent, long NotificationsReceived, long Sleeps)
{
    /// <summary>Round trips per second.</summary>
    public double RoundTripsPerSecond => Elapsed.TotalSeconds > 0 ? RoundTrips / Elapsed.TotalSeconds : 0;

    /// <summary>Notifications sent by the frontend per request.</summary>
    public double NotificationsPerRequest => RoundTrips > 0 ? (double)NotificationsSent / RoundTrips : 0;
}
