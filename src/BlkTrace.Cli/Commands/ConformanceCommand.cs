using System.CommandLine;
using System.Globalization;
using BlkTrace.Backend.Profiles;
using BlkTrace.Frontend.Conformance;
using BlkTrace.Protocol.Transport;
using BlkTrace.Protocol.Transport.Xen;
using BlkTrace.Replay.Conformance;

namespace BlkTrace.Cli.Commands;

/// <summary>
/// <c>conformance</c>: sends the fixed request suite (<see cref="ConformanceSuite"/>) to backends and
/// prints what each answered. With <c>--profile</c> the backends are our simulated profiles in this
/// process (a Markdown table, one column per profile); with <c>--vbd DIR</c> a running <c>blkt backend</c>;
/// with <c>--xen</c> the real backend of this guest's disk, from userspace inside a Xen PV guest
/// (gntalloc, evtchn, xenstore; xen-blkfront not loaded). The last two print one <c>CONF:</c> line per
/// case, the form the lab collects from a guest's console.
/// </summary>
public static class ConformanceCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var profiles = new Option<string?>("--profile") { Description = "comma-separated simulated profiles to run in-process (e.g. linux,qemu)" };
        var vbd = new Option<string?>("--vbd") { Description = "a running blkt backend's vbd directory" };
        var xen = new Option<bool>("--xen") { Description = "inside a Xen PV guest: the real backend of this guest's disk --dev (xen-blkfront must not be loaded)" };
        var dev = CliOptions.Int("--dev", "with --xen: the virtual device number (51712 = xvda)", 51712, 1, int.MaxValue);
        var label = new Option<string?>("--label") { Description = "the backend's name in the output (default: the profile, 'vbd' or 'xen')" };
        var timeout = CliOptions.Int("--timeout", "seconds to wait for each answer", 20, 1, 3600);
        var cases = new Option<string?>("--cases") { Description = "comma-separated cases to send (default: the whole suite), e.g. write-wrap,write-bad-gref" };
        var command = new Command("conformance", "Send the fixed blkif request suite (every op, 0-segment flush/barrier, discard, indirect, malformed requests) to backends and print their answers.")
        {
            profiles, vbd, xen, dev, label, timeout, cases,
        };
        command.SetAction((parse, ct) =>
        {
            var perCase = TimeSpan.FromSeconds(parse.GetValue(timeout));
            string? list = parse.GetValue(profiles);
            string? dir = parse.GetValue(vbd);
            bool useXen = parse.GetValue(xen);
            string[]? only = parse.GetValue(cases)?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if ((list is null ? 0 : 1) + (dir is null ? 0 : 1) + (useXen ? 1 : 0) != 1)
            {
                throw new CliUsageException("conformance: give exactly one of --profile LIST, --vbd DIR or --xen");
            }

            if (list is not null)
            {
                if (only is not null)
                {
                    throw new CliUsageException("conformance: --cases goes with --vbd or --xen (the --profile table is always the whole suite)");
                }

                var columns = new List<(string, IReadOnlyList<ConformanceOutcome>)>();
                foreach (string name in list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                {
                    var report = ProfileConformance.Run(BackendProfiles.ByName(name), 2048, ct);
                    columns.Add((name, report.Outcomes));
                }

                Console.Out.Write(ConformanceTable.Format(columns));
                return Task.FromResult(ExitCodes.Ok);
            }

            IFrontendTransport transport = useXen ? XenFrontendTransport.Open((uint)parse.GetValue(dev)) : VbdDirectory.OpenFrontend(dir!);
            using (transport)
            {
                string target = parse.GetValue(label) ?? (useXen ? "xen" : "vbd");
                Console.Out.WriteLine("CONF-TARGET: " + target + " " + transport.Description);
                var report = ConformanceReport.Run(target, transport, perCase, TimeSpan.FromSeconds(120), only, ct);
                Console.Out.WriteLine("CONF-FEATURES: " + string.Join(' ', report.Features.Nodes.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => kv.Key + "=" + kv.Value)));
                Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"CONF-DISK: sectors={report.Disk.Sectors} sector-size={report.Disk.SectorSize} info={(int)report.Disk.Info}"));
                Console.Out.Write(ConformanceTable.FormatLines(report.Outcomes, "CONF: "));
                int answered = report.Outcomes.Count(o => o.Status.HasValue);
                Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"CONF-DONE: {target} {answered} answered, {report.Outcomes.Count - answered} unanswered"));
                return Task.FromResult(answered == report.Outcomes.Count ? ExitCodes.Ok : ExitCodes.Failure);
            }
        });
        return command;
    }
}
