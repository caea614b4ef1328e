using BlkTrace.Cli;

return await BlktApp.RunAsync(args).ConfigureAwait(false);
