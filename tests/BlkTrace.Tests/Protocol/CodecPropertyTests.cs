using BlkTrace.Protocol.Blkif;
using BlkTrace.Protocol.Wire;
using FsCheck.Xunit;

namespace BlkTrace.Tests.Protocol;

/// <summary>Encode/decode properties over generated requests and arbitrary slot bytes, both ABIs.</summary>
public class CodecPropertyTests
{
    [Property(MaxTest = 2000)]
    public bool DecodeOfEncode_AnyValidRequest_IsIdentity(ulong id, ulong sector, ushort handle, byte kind, byte[] payload, ulong extra, bool x86_32)
    {
        var abi = x86_32 ? BlkifAbi.X86_32 : BlkifAbi.X86_64;
        var request = Build(id, sector, handle, kind, payload ?? [], extra);
        var slot = new byte[BlkifAbiInfo.SlotSize(abi)];
        Random.Shared.NextBytes(slot); // whatever a slot held before must not leak into the decoded request
        BlkifCodec.EncodeRequest(request, slot, abi);
        BlkifCodec.DecodeRequest(slot, abi, out var decoded);
        return decoded == request
            && decoded.NrSegments == request.NrSegments
            && decoded.EffectiveOperation == request.EffectiveOperation;
    }

    [Property(MaxTest = 5000)]
    public bool Decode_ArbitraryBytes_NeverThrowsAndIsSelfConsistent(byte[] bytes, bool x86_32)
    {
        var abi = x86_32 ? BlkifAbi.X86_32 : BlkifAbi.X86_64;
        var slot = new byte[BlkifAbiInfo.SlotSize(abi)];
        (bytes ?? []).AsSpan(0, Math.Min(slot.Length, bytes?.Length ?? 0)).CopyTo(slot);
        BlkifCodec.DecodeRequest(slot, abi, out var request);

        // The layout follows the operation byte the request reports, and re-encoding reproduces the
        // bytes the layout covers.
        var again = (byte[])slot.Clone();
        BlkifCodec.EncodeRequest(request, again, abi);
        BlkifCodec.DecodeRequest(again, abi, out var twice);
        return (byte)request.Operation == slot[0] && twice == request && request.DirectSegmentCount <= BlkifConstants.MaxSegmentsPerRequest;
    }

    [Property(MaxTest = 1000)]
    public bool DecodeOfEncode_AnyResponse_IsIdentity(ulong id, byte op, short status, bool x86_32)
    {
        var abi = x86_32 ? BlkifAbi.X86_32 : BlkifAbi.X86_64;
        var response = new BlkifResponse(id, (BlkifOperation)op, (BlkifStatus)status);
        var slot = new byte[BlkifAbiInfo.SlotSize(abi)];
        BlkifCodec.EncodeResponse(response, slot, abi);
        return BlkifCodec.DecodeResponse(slot, abi) == response;
    }

    private static BlkifRequest Build(ulong id, ulong sector, ushort handle, byte kind, byte[] payload, ulong extra)
    {
        var ops = new[] { BlkifOperation.Read, BlkifOperation.Write, BlkifOperation.WriteBarrier, BlkifOperation.FlushDiskCache, BlkifOperation.Discard, BlkifOperation.Indirect };
        var op = ops[kind % ops.Length];
        switch (op)
        {
            case BlkifOperation.Discard:
                return BlkifRequest.Discard(id, sector, extra, secure: (kind & 0x80) != 0, handle);
            case BlkifOperation.Indirect:
                var pages = new uint[BlkifConstants.MaxIndirectPagesPerRequest];
                for (int i = 0; i < pages.Length && i < payload.Length; i++)
                {
                    pages[i] = (uint)(payload[i] * 7919 + i);
                }

                var inner = (kind & 0x40) != 0 ? BlkifOperation.Write : BlkifOperation.Read;
                return BlkifRequest.Indirect(inner, id, sector, (ushort)extra, pages, handle);
            default:
                int n = payload.Length % (BlkifConstants.MaxSegmentsPerRequest + 1);
                var segments = new BlkifSegment[n];
                for (int i = 0; i < n; i++)
                {
                    byte first = (byte)(payload[i] % 8);
                    byte last = (byte)(first + (payload[^(i + 1)] % (8 - first)));
                    segments[i] = new BlkifSegment((uint)(extra >> i) ^ payload[i], first, last);
                }

                return BlkifRequest.Direct(op, id, sector, segments, handle);
        }
    }
}
