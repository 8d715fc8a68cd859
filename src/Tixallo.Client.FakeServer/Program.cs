using System.Runtime.InteropServices;
using Tixallo.Client.FakeServer;
using Tixallo.Client.Testing;

if (args is ["--help" or "-h"])
{
    await Console.Out.WriteLineAsync(FakeCommandLine.Usage);
    return 0;
}

var (options, error) = FakeCommandLine.Parse(args);
if (options is null)
{
    await Console.Error.WriteLineAsync(error);
    await Console.Out.WriteLineAsync(FakeCommandLine.Usage);
    return 2;
}

using var stop = new CancellationTokenSource();
using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);

await using var fake = await TixalloFakeServer.StartAsync(
    new TixalloFakeServerOptions { Port = options.Port, RateLimitPerMinute = options.RateLimitPerMinute, ErrorShape = options.ErrorShape },
    stop.Token);
var (control, controlAddress) = await ControlApi.StartAsync(fake, options.ControlPort, stop.Token);
await using (control)
{
    // The lines a test fixture or a script reads: one name and value each, flushed before anything else happens.
    Console.Out.WriteLine($"base-address: {fake.BaseAddress}");
    Console.Out.WriteLine($"api-key: {fake.CreateApiKey(options.Workspace)}");
    Console.Out.WriteLine($"control-address: {controlAddress}");
    Console.Out.Flush();

    var stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
    using var onStop = stop.Token.Register(() => stopped.TrySetResult());
    var stdinClosed = options.ExitWithStdin ? Console.OpenStandardInput().CopyToAsync(Stream.Null, stop.Token) : stopped.Task;
    await Task.WhenAny(stdinClosed, stopped.Task).ConfigureAwait(false);
    await control.StopAsync(CancellationToken.None);
}

return 0;

void Stop(PosixSignalContext context)
{
    context.Cancel = true;
    stop.Cancel();
}
