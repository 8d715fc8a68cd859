using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Tixallo.Client.Benchmarks;

/// <summary>Answers from <see cref="CannedApi"/> in memory: what is left is pure client overhead.</summary>
public sealed class InMemoryHandler : HttpMessageHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var (status, body) = CannedApi.Answer(request.Method.Method, request.RequestUri!.PathAndQuery);
        var content = new ByteArrayContent(body);
        content.Headers.TryAddWithoutValidation("Content-Type", "application/json; charset=utf-8");
        var response = new HttpResponseMessage((HttpStatusCode)status) { Content = content, RequestMessage = request };
        if (status == 429)
        {
            response.Headers.TryAddWithoutValidation("Retry-After", "30");
        }

        return Task.FromResult(response);
    }
}

/// <summary>A Kestrel server on 127.0.0.1 that answers from <see cref="CannedApi"/>: real sockets.</summary>
public sealed class LoopbackServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private LoopbackServer(WebApplication app, Uri baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public static async Task<LoopbackServer> StartAsync()
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        app.Run(async context =>
        {
            // The body is read, as the API reads an upload (Kestrel answers Expect: 100-continue when it is).
            await context.Request.Body.CopyToAsync(Stream.Null);
            var (status, body) = CannedApi.Answer(context.Request.Method, context.Request.Path + context.Request.QueryString);
            context.Response.StatusCode = status;
            context.Response.ContentType = "application/json; charset=utf-8";
            context.Response.ContentLength = body.Length;
            if (status == 429)
            {
                context.Response.Headers.RetryAfter = "30";
            }

            await context.Response.Body.WriteAsync(body);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return new LoopbackServer(app, new Uri(address.TrimEnd('/') + "/v1/"));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
