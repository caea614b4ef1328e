using System.Globalization;
using BlkTrace.Protocol.Blkif;

namespace XenLabBackend;

/// <summary>Command line of the lab backend.</summary>
internal sealed record LabOptions(
    uint DomainId,
    uint DeviceId,
    string Image,
    string Features,
    bool Persistent,
    BlkifStatus FlushStatus,
    string? RequestLog,
    int Seconds)
{
    public const string Usage =
        "usage: XenLabBackend --domid N --dev 51712 --image FILE [--features flush|barrier|both|none] [--no-persistent] [--flush-status okay|error|eopnotsupp] [--requests CSV] [--seconds 300]";

    public bool AdvertiseFlush => Features is "flush" or "both";

    public bool AdvertiseBarrier => Features is "barrier" or "both";

    public static LabOptions Parse(string[] args)
    {
        uint domid = 0, dev = 51712;
        string? image = null, log = null;
        string features = "flush";
        bool persistent = true;
        var flushStatus = BlkifStatus.Okay;
        int seconds = 300;
        for (int i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value. {Usage}");
            switch (args[i])
            {
                case "--domid": domid = uint.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--dev": dev = uint.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--image": image = Next(); break;
                case "--features": features = Next(); break;
                case "--no-persistent": persistent = false; break;
                case "--flush-status":
                    flushStatus = Next() switch
                    {
                        "okay" => BlkifStatus.Okay,
                        "error" => BlkifStatus.Error,
                        "eopnotsupp" => BlkifStatus.EOpNotSupp,
                        var other => throw new ArgumentException($"--flush-status {other}: okay, error or eopnotsupp"),
                    };
                    break;
                case "--requests": log = Next(); break;
                case "--seconds": seconds = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                default: throw new ArgumentException($"unknown option {args[i]}. {Usage}");
            }
        }

        if (domid == 0 || image is null || features is not ("flush" or "barrier" or "both" or "none"))
        {
            throw new ArgumentException(Usage);
        }

        return new LabOptions(domid, dev, image, features, persistent, flushStatus, log, seconds);
    }
}
