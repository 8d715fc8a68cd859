using Tixallo.Samples.Quickstart;

// With no TIXALLO_API_KEY, the tour runs against a local fake server; with one (and optionally
// TIXALLO_BASE_URL), against that server. The exit code is 0 only when every step behaved as narrated.
return await QuickstartTour.RunAsync(
    Environment.GetEnvironmentVariable("TIXALLO_API_KEY"),
    Environment.GetEnvironmentVariable("TIXALLO_BASE_URL"),
    Console.Out);
