namespace BlkTrace.Tests.Replay;

public class NativeFlushContractTests : StrategyContract
{
    protected override string Strategy => "native-flush";
}
