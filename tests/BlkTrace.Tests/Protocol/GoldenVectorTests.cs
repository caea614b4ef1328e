using BlkTrace.Protocol.Blkif;
using BlkTrace.Protocol.Wire;

namespace BlkTrace.Tests.Protocol;

/// <summary>
/// The golden byte vectors of spec/blkif-layout.json (gcc + unmodified Xen headers, buffers memset
/// to zero first), copied here as literals: encoding the listed values into a zeroed slot gives
/// exactly these bytes, and decoding these bytes gives exactly these values.
/// </summary>
public class GoldenVectorTests
{
    public static TheoryData<string, string, string> Vectors => new()
    {
        // x86_64 write_1seg
        {"x86_64", "write_1seg", "010100ca000000001111111111111111000800000000000023010000000700000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"},
        // x86_64 read_11seg
        {"x86_64", "read_11seg", "000b00ca000000002222222222222222001000000000000000020000000700000102000000070000020200000007000003020000000700000402000000070000050200000007000006020000000700000702000000070000080200000007000009020000000700000a02000000070000"},
        // x86_64 write_barrier_0seg
        {"x86_64", "write_barrier_0seg", "020000ca000000003333333333333333000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"},
        // x86_64 flush_diskcache_0seg
        {"x86_64", "flush_diskcache_0seg", "030000ca000000004444444444444444000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"},
        // x86_64 discard
        {"x86_64", "discard", "050000ca000000005555555555555555002000000000000000080000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"},
        // x86_64 indirect_write_32seg
        {"x86_64", "indirect_write_32seg", "06012000000000006666666666666666004000000000000000ca0000000300000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"},
        // x86_64 response write_ok
        {"x86_64", "rsp_write_ok", "11111111111111110100000000000000"},
        // x86_64 response barrier_eopnotsupp
        {"x86_64", "rsp_barrier_eopnotsupp", "33333333333333330200feff00000000"},
        // x86_64 response barrier_error
        {"x86_64", "rsp_barrier_error", "33333333333333330200ffff00000000"},
        // x86_32 write_1seg
        {"x86_32", "write_1seg", "010100ca1111111111111111000800000000000023010000000700000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"},
        // x86_32 read_11seg
        {"x86_32", "read_11seg", "000b00ca2222222222222222001000000000000000020000000700000102000000070000020200000007000003020000000700000402000000070000050200000007000006020000000700000702000000070000080200000007000009020000000700000a02000000070000"},
        // x86_32 write_barrier_0seg
        {"x86_32", "write_barrier_0seg", "020000ca3333333333333333000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"},
        // x86_32 flush_diskcache_0seg
        {"x86_32", "flush_diskcache_0seg", "030000ca4444444444444444000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"},
        // x86_32 discard
        {"x86_32", "discard", "050000ca5555555555555555002000000000000000080000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"},
        // x86_32 indirect_write_32seg
        {"x86_32", "indirect_write_32seg", "060120006666666666666666004000000000000000ca0000000300000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"},
        // x86_32 response write_ok
        {"x86_32", "rsp_write_ok", "111111111111111101000000"},
        // x86_32 response barrier_eopnotsupp
        {"x86_32", "rsp_barrier_eopnotsupp", "33333333333333330200feff"},
        // x86_32 response barrier_error
        {"x86_32", "rsp_barrier_error", "33333333333333330200ffff"},
    };

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Encode_GoldenValues_ProduceXenBytes(string abiName, string name, string hex)
    {
        var abi = Abi(abiName);
        byte[] expected = Convert.FromHexString(hex);
        var slot = new byte[expected.Length];
        if (name.StartsWith("rsp_", StringComparison.Ordinal))
        {
            BlkifCodec.EncodeResponse(Response(name), slot, abi);
        }
        else
        {
            BlkifCodec.EncodeRequest(Request(name), slot, abi);
        }

        Assert.Equal(hex, Convert.ToHexString(slot).ToLowerInvariant());
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Decode_XenBytes_GiveGoldenValues(string abiName, string name, string hex)
    {
        var abi = Abi(abiName);
        byte[] bytes = Convert.FromHexString(hex);
        if (name.StartsWith("rsp_", StringComparison.Ordinal))
        {
            Assert.Equal(Response(name), BlkifCodec.DecodeResponse(bytes, abi));
        }
        else
        {
            BlkifCodec.DecodeRequest(bytes, abi, out var decoded);
            var expected = Request(name);
            Assert.Equal(expected, decoded);
            Assert.Equal(expected.NrSegments, decoded.NrSegments);
            Assert.Equal(expected.DiscardNrSectors, decoded.DiscardNrSectors);
        }
    }

    [Theory]
    [InlineData("x86_64", 112)]
    [InlineData("x86_32", 108)]
    public void SlotSize_PerAbi_IsUnionSize(string abiName, int expected) =>
        Assert.Equal(expected, BlkifAbiInfo.SlotSize(Abi(abiName)));

    private static BlkifAbi Abi(string name) => name == "x86_32" ? BlkifAbi.X86_32 : BlkifAbi.X86_64;

    private static BlkifResponse Response(string name) => name switch
    {
        "rsp_write_ok" => new BlkifResponse(0x1111111111111111, BlkifOperation.Write, BlkifStatus.Okay),
        "rsp_barrier_eopnotsupp" => new BlkifResponse(0x3333333333333333, BlkifOperation.WriteBarrier, BlkifStatus.EOpNotSupp),
        "rsp_barrier_error" => new BlkifResponse(0x3333333333333333, BlkifOperation.WriteBarrier, BlkifStatus.Error),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    private static BlkifRequest Request(string name)
    {
        const ushort Handle = 51712;
        switch (name)
        {
            case "write_1seg":
                return BlkifRequest.Direct(BlkifOperation.Write, 0x1111111111111111, 2048, [new BlkifSegment(291, 0, 7)], Handle);
            case "read_11seg":
                var segs = new BlkifSegment[11];
                for (int i = 0; i < 11; i++)
                {
                    segs[i] = new BlkifSegment((uint)(0x200 + i), 0, 7);
                }

                return BlkifRequest.Direct(BlkifOperation.Read, 0x2222222222222222, 4096, segs, Handle);
            case "write_barrier_0seg":
                return BlkifRequest.Direct(BlkifOperation.WriteBarrier, 0x3333333333333333, 0, [], Handle);
            case "flush_diskcache_0seg":
                return BlkifRequest.Direct(BlkifOperation.FlushDiskCache, 0x4444444444444444, 0, [], Handle);
            case "discard":
                return BlkifRequest.Discard(0x5555555555555555, 8192, 2048, secure: false, Handle);
            case "indirect_write_32seg":
                return BlkifRequest.Indirect(BlkifOperation.Write, 0x6666666666666666, 16384, 32, [768, 0, 0, 0, 0, 0, 0, 0], Handle);
            default:
                throw new ArgumentOutOfRangeException(nameof(name));
        }
    }
}
