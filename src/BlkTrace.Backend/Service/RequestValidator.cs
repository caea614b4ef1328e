using BlkTrace.Backend.Profiles;
using BlkTrace.Protocol.Blkif;
using BlkTrace.Protocol.Transport;

namespace BlkTrace.Backend.Service;

/// <summary>
/// Judges the private copy of a request against a profile, in the order Linux blkback checks
/// (<c>dispatch_rw_block_io</c>): the operation, the segment count, each segment's sector range, the
/// read-only flag and the disk's end (<c>xen_vbd_translate</c>, with wrap-around), alignment to the
/// logical sector size, and finally that every grant maps. Nothing here throws on guest input.
/// </summary>
internal static class RequestValidator
{
    public static OpRule Judge(BackendProfile profile, bool servesDiscard, RequestContext context, in DiskFacts disk, IGrantMapper grants)
    {
        ref var r = ref context.Request;
        OpRule rule;
        bool writes;
        switch (r.Operation)
        {
            case BlkifOperation.Read:
            case BlkifOperation.Write:
                if (r.NrSegments > BlkifConstants.MaxSegmentsPerRequest)
                {
                    return Refuse(RejectionKind.TooManySegments);
                }

                rule = r.NrSegments == 0 ? profile.EmptyReadWrite : profile.ReadWrite;
                writes = r.Operation == BlkifOperation.Write;
                break;
            case BlkifOperation.WriteBarrier:
            case BlkifOperation.FlushDiskCache:
                bool barrier = r.Operation == BlkifOperation.WriteBarrier;
                rule = r.NrSegments == 0
                    ? (barrier ? profile.EmptyBarrier : profile.EmptyFlush)
                    : (barrier ? profile.DataBarrier : profile.DataFlush);
                if (rule.Accepted && r.NrSegments > BlkifConstants.MaxSegmentsPerRequest)
                {
                    return Refuse(RejectionKind.TooManySegments);
                }

                writes = true;
                if (!barrier && r.NrSegments == 0 && profile.EmptyFlushIgnoresReadOnly)
                {
                    return rule;
                }

                break;
            case BlkifOperation.Discard:
                return servesDiscard
                    ? JudgeDiscard(profile, in r, in disk)
                    : OpRule.Refuse(profile.UnknownOperationStatus, RejectionKind.UnknownOperation);
            case BlkifOperation.Indirect when profile.MaxIndirectSegments > 0:
                if (r.IndirectOperation is not (BlkifOperation.Read or BlkifOperation.Write))
                {
                    return Refuse(RejectionKind.BadIndirectOperation);
                }

                if (r.NrSegments == 0)
                {
                    return Refuse(RejectionKind.ZeroSegments);
                }

                if (r.NrSegments > profile.MaxIndirectSegments)
                {
                    return Refuse(RejectionKind.TooManySegments);
                }

                if (context.IndirectPageMissing)
                {
                    return Refuse(RejectionKind.BadIndirectPage);
                }

                rule = profile.ReadWrite;
                writes = r.IndirectOperation == BlkifOperation.Write;
                break;
            default:
                return OpRule.Refuse(profile.UnknownOperationStatus, RejectionKind.UnknownOperation);
        }

        if (!rule.Accepted)
        {
            return rule;
        }

        var segments = context.Segments;
        ulong sectors = 0;
        for (int i = 0; i < segments.Length; i++)
        {
            ref var s = ref segments[i];
            if (!s.IsValid)
            {
                if (!profile.ClampsSegments)
                {
                    return Refuse(RejectionKind.BadSegmentRange);
                }

                // illumos xdb_get_buf: fs = MIN(fs, 7); ls = MIN(MAX(ls, fs), 7).
                s.FirstSect = Math.Min(s.FirstSect, (byte)7);
                s.LastSect = Math.Min(Math.Max(s.LastSect, s.FirstSect), (byte)7);
            }

            sectors += (ulong)(s.LastSect - s.FirstSect + 1);
        }

        if (writes && disk.ReadOnly)
        {
            return OpRule.Refuse(profile.ReadOnlyStatus, RejectionKind.ReadOnly);
        }

        if (segments.IsEmpty)
        {
            return rule;
        }

        ulong end = unchecked(r.SectorNumber + sectors);
        if (end < r.SectorNumber)
        {
            return Refuse(RejectionKind.SectorWrap);
        }

        if (end > disk.Sectors)
        {
            return Refuse(RejectionKind.PastEnd);
        }

        ulong mask = (ulong)(disk.SectorSize / BlkifConstants.SectorSize) - 1;
        if (mask != 0)
        {
            ulong bits = r.SectorNumber;
            for (int i = 0; i < segments.Length; i++)
            {
                bits |= (uint)(segments[i].LastSect - segments[i].FirstSect + 1);
            }

            if ((bits & mask) != 0)
            {
                return Refuse(RejectionKind.Misaligned);
            }
        }

        for (int i = 0; i < segments.Length; i++)
        {
            if (grants.MapPage(segments[i].GrantRef).IsEmpty)
            {
                return Refuse(RejectionKind.BadGrantReference);
            }

            // Only the check needed the page; serving maps it again. Without persistent grants this
            // unmaps it at once, so a refused request leaves nothing mapped behind it.
            grants.ReleasePage(segments[i].GrantRef);
        }

        return rule;
    }

    private static OpRule JudgeDiscard(BackendProfile profile, in BlkifRequest r, in DiskFacts disk)
    {
        if (disk.ReadOnly)
        {
            return OpRule.Refuse(profile.ReadOnlyStatus, RejectionKind.ReadOnly);
        }

        ulong end = unchecked(r.SectorNumber + r.DiscardNrSectors);
        if (end < r.SectorNumber)
        {
            return Refuse(RejectionKind.SectorWrap);
        }

        if (end > disk.Sectors)
        {
            return Refuse(RejectionKind.PastEnd);
        }

        return OpRule.Accept(r.DiscardNrSectors == 0 ? PlanSteps.None : PlanSteps.Discard);
    }

    private static OpRule Refuse(RejectionKind kind) => OpRule.Refuse(BlkifStatus.Error, kind);
}
