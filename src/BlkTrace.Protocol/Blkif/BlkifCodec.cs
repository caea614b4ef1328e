using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using BlkTrace.Protocol.Wire;

namespace BlkTrace.Protocol.Blkif;

/// <summary>
/// Moves requests and responses between ring slots and their normalised values. Decoding never
/// throws on slot content: any 108 or 112 bytes decode to some request, which validation then judges.
/// Decoding reads every field of the slot exactly once, and the union member is chosen from the
/// same read of the operation byte that the request reports, so a frontend rewriting the slot
/// while we decode it (a double-fetch attack) cannot make the copy disagree with itself.
/// </summary>
public static class BlkifCodec
{
    /// <summary>Decodes the request in <paramref name="slot"/> (at least one slot of <paramref name="abi"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void DecodeRequest(ReadOnlySpan<byte> slot, BlkifAbi abi, out BlkifRequest request)
    {
        if (slot.Length < BlkifAbiInfo.SlotSize(abi))
        {
            ThrowHelper.ThrowArgument(nameof(slot), "shorter than one ring slot");
        }

        var operation = (BlkifOperation)slot[0];
        Unsafe.SkipInit(out request);
        switch (BlkifRequest.LayoutOf(operation))
        {
            case BlkifRequestLayout.Discard:
                if (abi == BlkifAbi.X86_64)
                {
                    var d = MemoryMarshal.Read<BlkifDiscardRequestX86_64>(slot);
                    SetDiscard(ref request, operation, d.Flag, d.Handle, d.Id, d.SectorNumber, d.NrSectors);
                }
                else
                {
                    var d = MemoryMarshal.Read<BlkifDiscardRequestX86_32>(slot);
                    SetDiscard(ref request, operation, d.Flag, d.Handle, d.Id, d.SectorNumber, d.NrSectors);
                }

                break;
            case BlkifRequestLayout.Indirect:
                if (abi == BlkifAbi.X86_64)
                {
                    var r = MemoryMarshal.Read<BlkifIndirectRequestX86_64>(slot);
                    SetIndirect(ref request, operation, r.IndirectOp, r.NrSegments, r.Handle, r.Id, r.SectorNumber, r.IndirectGrefs);
                }
                else
                {
                    var r = MemoryMarshal.Read<BlkifIndirectRequestX86_32>(slot);
                    SetIndirect(ref request, operation, r.IndirectOp, r.NrSegments, r.Handle, r.Id, r.SectorNumber, r.IndirectGrefs);
                }

                break;
            default:
                if (abi == BlkifAbi.X86_64)
                {
                    ref readonly var r = ref MemoryMarshal.AsRef<BlkifRequestX86_64>(slot);
                    ClearNonReadWrite(ref request);
                    request.Operation = operation;
                    request.NrSegments = r.NrSegments;
                    request.Handle = r.Handle;
                    request.Id = r.Id;
                    request.SectorNumber = r.SectorNumber;
                    request.Segments = r.Segments;
                }
                else
                {
                    ref readonly var r = ref MemoryMarshal.AsRef<BlkifRequestX86_32>(slot);
                    ClearNonReadWrite(ref request);
                    request.Operation = operation;
                    request.NrSegments = r.NrSegments;
                    request.Handle = r.Handle;
                    request.Id = r.Id;
                    request.SectorNumber = r.SectorNumber;
                    request.Segments = r.Segments;
                }

                break;
        }
    }

    /// <summary>
    /// Encodes <paramref name="request"/> into <paramref name="slot"/>. Only the bytes of the chosen
    /// union member are written; the rest of the slot keeps whatever it held, as on a real ring.
    /// </summary>
    public static void EncodeRequest(in BlkifRequest request, Span<byte> slot, BlkifAbi abi)
    {
        if (slot.Length < BlkifAbiInfo.SlotSize(abi))
        {
            ThrowHelper.ThrowArgument(nameof(slot), "shorter than one ring slot");
        }

        switch (request.Layout)
        {
            case BlkifRequestLayout.Discard:
                if (abi == BlkifAbi.X86_64)
                {
                    var d = new BlkifDiscardRequestX86_64
                    {
                        Operation = (byte)request.Operation,
                        Flag = request.DiscardFlag,
                        Handle = request.Handle,
                        Id = request.Id,
                        SectorNumber = request.SectorNumber,
                        NrSectors = request.DiscardNrSectors,
                    };
                    MemoryMarshal.Write(slot, in d);
                }
                else
                {
                    var d = new BlkifDiscardRequestX86_32
                    {
                        Operation = (byte)request.Operation,
                        Flag = request.DiscardFlag,
                        Handle = request.Handle,
                        Id = request.Id,
                        SectorNumber = request.SectorNumber,
                        NrSectors = request.DiscardNrSectors,
                    };
                    MemoryMarshal.Write(slot, in d);
                }

                break;
            case BlkifRequestLayout.Indirect:
                if (abi == BlkifAbi.X86_64)
                {
                    var r = new BlkifIndirectRequestX86_64
                    {
                        Operation = (byte)request.Operation,
                        IndirectOp = (byte)request.IndirectOperation,
                        NrSegments = request.NrSegments,
                        Id = request.Id,
                        SectorNumber = request.SectorNumber,
                        Handle = request.Handle,
                        IndirectGrefs = request.IndirectGrefs,
                    };
                    MemoryMarshal.Write(slot, in r);
                }
                else
                {
                    var r = new BlkifIndirectRequestX86_32
                    {
                        Operation = (byte)request.Operation,
                        IndirectOp = (byte)request.IndirectOperation,
                        NrSegments = request.NrSegments,
                        Id = request.Id,
                        SectorNumber = request.SectorNumber,
                        Handle = request.Handle,
                        IndirectGrefs = request.IndirectGrefs,
                    };
                    MemoryMarshal.Write(slot, in r);
                }

                break;
            default:
                if (abi == BlkifAbi.X86_64)
                {
                    ref var r = ref MemoryMarshal.AsRef<BlkifRequestX86_64>(slot);
                    r.Operation = (byte)request.Operation;
                    r.NrSegments = (byte)request.NrSegments;
                    r.Handle = request.Handle;
                    r.Id = request.Id;
                    r.SectorNumber = request.SectorNumber;
                    r.Segments = request.Segments;
                    Unsafe.As<byte, uint>(ref slot[4]) = 0; // the padding after handle: keep encodings deterministic
                }
                else
                {
                    ref var r = ref MemoryMarshal.AsRef<BlkifRequestX86_32>(slot);
                    r.Operation = (byte)request.Operation;
                    r.NrSegments = (byte)request.NrSegments;
                    r.Handle = request.Handle;
                    r.Id = request.Id;
                    r.SectorNumber = request.SectorNumber;
                    r.Segments = request.Segments;
                }

                break;
        }
    }

    /// <summary>Decodes the response at the start of <paramref name="slot"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static BlkifResponse DecodeResponse(ReadOnlySpan<byte> slot, BlkifAbi abi)
    {
        // The first 12 bytes are the same in both ABIs; x86_64 only adds tail padding.
        if (slot.Length < BlkifResponseX86_32.Size)
        {
            ThrowHelper.ThrowArgument(nameof(slot), "shorter than a response");
        }

        _ = abi;
        var r = MemoryMarshal.Read<BlkifResponseX86_32>(slot);
        return new BlkifResponse(r.Id, (BlkifOperation)r.Operation, (BlkifStatus)r.Status);
    }

    /// <summary>Encodes a response at the start of <paramref name="slot"/>; padding bytes are zeroed.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void EncodeResponse(in BlkifResponse response, Span<byte> slot, BlkifAbi abi)
    {
        if (abi == BlkifAbi.X86_64)
        {
            var r = new BlkifResponseX86_64 { Id = response.Id, Operation = (byte)response.Operation, Status = (short)response.Status };
            MemoryMarshal.Write(slot, in r);
        }
        else
        {
            var r = new BlkifResponseX86_32 { Id = response.Id, Operation = (byte)response.Operation, Status = (short)response.Status };
            MemoryMarshal.Write(slot, in r);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void ClearNonReadWrite(ref BlkifRequest request)
    {
        request.IndirectOperation = 0;
        request.DiscardFlag = 0;
        request.DiscardNrSectors = 0;
        request.IndirectGrefs = default;
    }

    private static void SetDiscard(ref BlkifRequest request, BlkifOperation operation, byte flag, ushort handle, ulong id, ulong sector, ulong nrSectors)
    {
        request = default;
        request.Operation = operation;
        request.DiscardFlag = flag;
        request.Handle = handle;
        request.Id = id;
        request.SectorNumber = sector;
        request.DiscardNrSectors = nrSectors;
    }

    private static void SetIndirect(ref BlkifRequest request, BlkifOperation operation, byte indirectOp, ushort nrSegments, ushort handle, ulong id, ulong sector, in IndirectGrefArray grefs)
    {
        request = default;
        request.Operation = operation;
        request.IndirectOperation = (BlkifOperation)indirectOp;
        request.NrSegments = nrSegments;
        request.Handle = handle;
        request.Id = id;
        request.SectorNumber = sector;
        request.IndirectGrefs = grefs;
    }
}
