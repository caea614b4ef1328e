namespace BlkTrace.Tests.Replay;

public class LinuxBlkfrontContractTests : StrategyContract
{
    protected override string Strategy => "linux-blkfront";
}
