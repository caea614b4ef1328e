using System.Runtime.CompilerServices;
using System.Text.Json;
using BlkTrace.Protocol.Blkif;
using BlkTrace.Protocol.Ring;
using BlkTrace.Protocol.Wire;
using BlkTrace.Tests.Support;

namespace BlkTrace.Tests.Protocol;

/// <summary>
/// Cross-checks against ../shared/spec/blkif-layout.json itself when it is present (it is not in a
/// fresh clone; the literal copies in the other tests are what always runs).
/// </summary>
public class LayoutJsonTests
{
    [SkippableFact]
    public void LayoutJson_EveryAbi_AgreesWithOurStructsRingAndPredicates()
    {
        string? shared = TestPaths.SharedDir;
        Skip.If(shared is null, "../shared is not present");
        string path = Path.Combine(shared!, "spec", "blkif-layout.json");
        Skip.IfNot(File.Exists(path), "blkif-layout.json is not present");
        using var doc = JsonDocument.Parse(File.ReadAllText(path));

        foreach (var (abiName, abi) in new[] { ("x86_64", BlkifAbi.X86_64), ("x86_32", BlkifAbi.X86_32) })
        {
            var root = doc.RootElement.GetProperty(abiName);
            var structs = root.GetProperty("structs");
            Assert.Equal(BlkifAbiInfo.SlotSize(abi), structs.GetProperty("blkif_request").GetProperty("sizeof").GetInt32());
            Assert.Equal(BlkifAbiInfo.ResponseSize(abi), structs.GetProperty("blkif_response").GetProperty("sizeof").GetInt32());
            Assert.Equal(abi == BlkifAbi.X86_64 ? Unsafe.SizeOf<BlkifDiscardRequestX86_64>() : Unsafe.SizeOf<BlkifDiscardRequestX86_32>(),
                structs.GetProperty("blkif_request_discard").GetProperty("sizeof").GetInt32());
            Assert.Equal(64, structs.GetProperty("blkif_request_indirect").GetProperty("sizeof").GetInt32());
            Assert.Equal(RingMath.HeaderSize, structs.GetProperty("blkif_sring_header").GetProperty("fields")
                .EnumerateArray().First(f => f.GetProperty("name").GetString() == "ring").GetProperty("offset").GetInt32());

            foreach (var rs in root.GetProperty("ring_sizes").EnumerateArray())
            {
                Assert.Equal(rs.GetProperty("RING_SIZE").GetInt32(), RingMath.RingSize(rs.GetProperty("ring_page_order").GetInt32(), abi));
            }

            foreach (var g in root.GetProperty("golden_requests").EnumerateArray())
            {
                byte[] bytes = Convert.FromHexString(g.GetProperty("hex").GetString()!);
                BlkifCodec.DecodeRequest(bytes, abi, out var request);
                var values = g.GetProperty("values");
                Assert.Equal(values.GetProperty("operation").GetInt32(), (int)request.Operation);
                Assert.Equal(Convert.ToUInt64(values.GetProperty("id").GetString(), 16), request.Id);
                Assert.Equal(values.GetProperty("sector_number").GetUInt64(), request.SectorNumber);
                var again = new byte[bytes.Length];
                BlkifCodec.EncodeRequest(request, again, abi);
                Assert.Equal(bytes, again);
            }

            foreach (var c in root.GetProperty("notify_predicate_cases").EnumerateArray())
            {
                Assert.Equal(c.GetProperty("notify").GetBoolean(), RingMath.NeedsNotify(
                    c.GetProperty("old_prod").GetUInt32(), c.GetProperty("new_prod").GetUInt32(), c.GetProperty("event").GetUInt32()));
            }

            foreach (var c in root.GetProperty("overflow_predicate_cases").EnumerateArray())
            {
                int size = c.GetProperty("RING_SIZE").GetInt32();
                uint pvt = c.GetProperty("rsp_prod_pvt").GetUInt32();
                uint idx = c.GetProperty("idx").GetUInt32();
                Assert.Equal(c.GetProperty("RING_REQUEST_CONS_OVERFLOW").GetBoolean(), RingMath.RequestConsOverflow(size, pvt, idx));
                Assert.Equal(c.GetProperty("RING_REQUEST_PROD_OVERFLOW").GetBoolean(), RingMath.RequestProdOverflow(size, pvt, idx));
            }
        }
    }
}
