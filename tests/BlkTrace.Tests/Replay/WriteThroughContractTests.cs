namespace BlkTrace.Tests.Replay;

public class WriteThroughContractTests : StrategyContract
{
    protected override string Strategy => "write-through";
}
