namespace BlkTrace.Protocol.Transport.Xen;

/// <summary>
/// One entry of a node's permission list (<c>struct xs_permissions</c>). In a list, the first entry
/// names the owner (who may always read and write) and the access everyone else gets; the later
/// entries grant particular domains more.
/// </summary>
/// <param name="DomainId">The domain.</param>
/// <param name="Access">What it may do.</param>
public readonly record struct XenStorePermission(uint DomainId, XenStoreAccess Access)
{
    /// <summary>The form <c>xenstore-chmod</c> takes and <c>xenstore-ls -p</c> prints: <c>n0</c>, <c>r5</c>, <c>b1</c>.</summary>
    public override string ToString()
    {
        char c = Access switch
        {
            XenStoreAccess.Read => 'r',
            XenStoreAccess.Write => 'w',
            XenStoreAccess.ReadWrite => 'b',
            _ => 'n',
        };
        return c + DomainId.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
