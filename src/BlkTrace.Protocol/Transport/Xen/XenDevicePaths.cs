using System.Globalization;
using BlkTrace.Protocol.XenStore;

namespace BlkTrace.Protocol.Transport.Xen;

/// <summary>
/// Where one virtual block device lives in the real xenstore, and how the transports' relative
/// node paths map onto it: <c>backend/&lt;node&gt;</c> is
/// <c>/local/domain/&lt;backend-domid&gt;/backend/&lt;type&gt;/&lt;frontend-domid&gt;/&lt;dev&gt;/&lt;node&gt;</c> and
/// <c>frontend/&lt;node&gt;</c> is <c>/local/domain/&lt;frontend-domid&gt;/device/vbd/&lt;dev&gt;/&lt;node&gt;</c>.
/// </summary>
/// <param name="FrontendDomainId">The guest's domain id.</param>
/// <param name="DeviceId">The virtual device number (<c>51712</c> is xvda: major 202, minor 0).</param>
/// <param name="BackendDomainId">The backend's domain (0, dom0).</param>
/// <param name="BackendType">
/// The backend directory's type: <c>vbd</c> as Linux blkback uses (then the kernel's blkback must not
/// be loaded, or it claims the device too), or another name such as <c>qdisk</c>, which the guest does
/// not care about: it follows its <c>backend</c> node wherever it points.
/// </param>
public sealed record XenDevicePaths(uint FrontendDomainId, uint DeviceId, uint BackendDomainId = 0, string BackendType = "vbd")
{
    /// <summary><c>/local/domain/&lt;backend&gt;/backend/&lt;type&gt;/&lt;frontend&gt;/&lt;dev&gt;</c>.</summary>
    public string BackendPath =>
        string.Create(CultureInfo.InvariantCulture, $"/local/domain/{BackendDomainId}/backend/{BackendType}/{FrontendDomainId}/{DeviceId}");

    /// <summary><c>/local/domain/&lt;frontend&gt;/device/vbd/&lt;dev&gt;</c>.</summary>
    public string FrontendPath =>
        string.Create(CultureInfo.InvariantCulture, $"/local/domain/{FrontendDomainId}/device/vbd/{DeviceId}");

    /// <summary>
    /// The absolute xenstore path of a relative node path (<c>backend/state</c>, <c>frontend/queue-1/ring-ref</c>,
    /// or a bare <c>backend</c>/<c>frontend</c> for the directory itself).
    /// </summary>
    public string ToAbsolute(string relative)
    {
        ArgumentNullException.ThrowIfNull(relative);
        int slash = relative.IndexOf('/', StringComparison.Ordinal);
        string root = slash < 0 ? relative : relative[..slash];
        string rest = slash < 0 ? string.Empty : relative[slash..];
        return root switch
        {
            "backend" => BackendPath + rest,
            "frontend" => FrontendPath + rest,
            _ => throw new ArgumentException($"'{relative}' is not a device node path (backend/... or frontend/...)", nameof(relative)),
        };
    }

    /// <summary>The relative path of an absolute one inside this device, or false when it lies outside.</summary>
    public bool TryToRelative(string absolute, out string relative)
    {
        ArgumentNullException.ThrowIfNull(absolute);
        foreach (var (prefix, side) in new[] { (BackendPath, XenStoreSide.Backend), (FrontendPath, XenStoreSide.Frontend) })
        {
            if (absolute == prefix)
            {
                relative = XenStorePath.Root(side);
                return true;
            }

            if (absolute.Length > prefix.Length && absolute.StartsWith(prefix, StringComparison.Ordinal) && absolute[prefix.Length] == '/')
            {
                relative = XenStorePath.Root(side) + absolute[prefix.Length..];
                return true;
            }
        }

        relative = string.Empty;
        return false;
    }
}
