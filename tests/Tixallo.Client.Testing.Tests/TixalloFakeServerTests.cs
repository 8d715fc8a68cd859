using System.Net;
using System.Text;
using Tixallo.Client.Tests.Support;

namespace Tixallo.Client.Testing.Tests;

public class TixalloFakeServerTests
{
    private TixalloFakeServer _server = null!;
    private TestClock _clock = null!;
    private TixalloClient _client = null!;

    [SetUp]
    public async Task SetUp()
    {
        // One clock for the server and the client: waiting out a Retry-After also moves the server's rate-limit window.
        _clock = new TestClock();
        _server = await TixalloFakeServer.StartAsync(new TixalloFakeServerOptions { TimeProvider = _clock });
        _client = ClientFor(_server.CreateApiKey());
    }

    [TearDown]
    public async Task TearDown()
    {
        _client.Dispose();
        await _server.DisposeAsync();
    }

    [Test]
    public void BaseAddress_IsLoopbackWithAFreePort()
    {
        Assert.That(_server.BaseAddress.Host, Is.EqualTo("127.0.0.1"));
        Assert.That(_server.BaseAddress.Port, Is.GreaterThan(0));
        Assert.That(_server.BaseAddress.AbsolutePath, Is.EqualTo("/v1/"));
    }

    [Test]
    public async Task Tickets_CreateGetUpdateDelete_RoundTrip()
    {
        var created = await _client.Tickets.CreateAsync(new CreateTicketRequest
        {
            Subject = "Printer on fire",
            CustomerEmail = "ada@example.com",
            Description = "Smoke",
            Priority = TicketPriority.Urgent,
            Tags = ["hardware"],
        });
        var assigned = await _client.Tickets.UpdateAsync(created.Id, new UpdateTicketRequest { AssigneeId = "agent_7", Status = TicketStatus.Pending });
        var unassigned = await _client.Tickets.UpdateAsync(created.Id, new UpdateTicketRequest { AssigneeId = null });
        var fetched = await _client.Tickets.GetAsync(created.Id);
        await _client.Tickets.DeleteAsync(created.Id);

        Assert.Multiple(() =>
        {
            Assert.That(created.Id, Does.StartWith("tkt_"));
            Assert.That(created.WorkspaceId, Is.EqualTo("ws_default"));
            Assert.That(created.Status, Is.EqualTo(TicketStatus.Open));
            Assert.That(created.Priority, Is.EqualTo(TicketPriority.Urgent));
            Assert.That(created.CreatedAt, Is.EqualTo(_clock.GetUtcNow()));
            Assert.That(assigned.AssigneeId, Is.EqualTo("agent_7"));
            Assert.That(assigned.Status, Is.EqualTo(TicketStatus.Pending));
            Assert.That(unassigned.AssigneeId, Is.Null);
            Assert.That(unassigned.Status, Is.EqualTo(TicketStatus.Pending), "fields not sent stay as they were");
            Assert.That(fetched, Is.EqualTo(unassigned).Using<Ticket>((a, b) => a.Id == b.Id && a.UpdatedAt == b.UpdatedAt));
        });
        Assert.ThrowsAsync<TixalloNotFoundException>(() => _client.Tickets.GetAsync(created.Id));
    }

    [Test]
    public async Task Tickets_ListPagesByCursor_AndFiltersByStatus()
    {
        for (var i = 0; i < 5; i++)
        {
            var ticket = await _client.Tickets.CreateAsync(new CreateTicketRequest { Subject = $"T{i}", CustomerEmail = "a@b.co" });
            if (i % 2 == 0)
            {
                await _client.Tickets.UpdateAsync(ticket.Id, new UpdateTicketRequest { Status = TicketStatus.Solved });
            }
        }

        var all = await ToListAsync(_client.Tickets.ListAsync(new ListTicketsOptions { Limit = 2 }));
        var solved = await ToListAsync(_client.Tickets.ListAsync(new ListTicketsOptions { Status = TicketStatus.Solved, Limit = 1 }));

        Assert.That(all.Select(t => t.Subject), Is.EqualTo(new[] { "T0", "T1", "T2", "T3", "T4" }));
        Assert.That(solved.Select(t => t.Subject), Is.EqualTo(new[] { "T0", "T2", "T4" }));
    }

    [Test]
    public async Task Messages_AddAndList()
    {
        var ticket = await NewTicketAsync();
        await _client.Messages.CreateAsync(ticket.Id, new CreateMessageRequest { Body = "First" });
        await _client.Messages.CreateAsync(ticket.Id, new CreateMessageRequest { Body = "Note", AuthorType = MessageAuthorType.Customer, Internal = true });

        var messages = await ToListAsync(_client.Messages.ListAsync(ticket.Id, new ListOptions { Limit = 1 }));

        Assert.That(messages.Select(m => (m.Body, m.AuthorType, m.Internal)), Is.EqualTo(new[]
        {
            ("First", MessageAuthorType.Agent, false),
            ("Note", MessageAuthorType.Customer, true),
        }));
    }

    [Test]
    public async Task Merge_ThenMessageToMergedTicket_Is409_AndFollowMergedTicketsRecovers()
    {
        var source = await NewTicketAsync();
        var target = await NewTicketAsync();

        var mergedInto = await _client.Tickets.MergeAsync(source.Id, target.Id);
        var error = Assert.ThrowsAsync<TixalloTicketMergedException>(() => _client.Messages.CreateAsync(source.Id, new CreateMessageRequest { Body = "Hi" }));
        using var following = ClientFor(_server.CreateApiKey(), o => o.FollowMergedTickets = true);
        var message = await following.Messages.CreateAsync(source.Id, new CreateMessageRequest { Body = "Hi" });

        Assert.Multiple(async () =>
        {
            Assert.That(mergedInto.Id, Is.EqualTo(target.Id));
            Assert.That((await _client.Tickets.GetAsync(source.Id)).MergedIntoTicketId, Is.EqualTo(target.Id));
            Assert.That(error!.TicketId, Is.EqualTo(source.Id));
            Assert.That(message.TicketId, Is.EqualTo(target.Id));
        });
    }

    [Test]
    public async Task Templates_CreateGetListUpdateDelete()
    {
        var created = await _client.Templates.CreateAsync(new CreateTemplateRequest { Name = "Greeting", Body = "Hi!" });
        var updated = await _client.Templates.UpdateAsync(created.Id, new UpdateTemplateRequest { Subject = "Hello" });
        var listed = await ToListAsync(_client.Templates.ListAsync());
        await _client.Templates.DeleteAsync(created.Id);

        Assert.That(updated.Subject, Is.EqualTo("Hello"));
        Assert.That(updated.Name, Is.EqualTo("Greeting"));
        Assert.That(listed.Select(t => t.Id), Is.EqualTo(new[] { created.Id }));
        Assert.ThrowsAsync<TixalloNotFoundException>(() => _client.Templates.GetAsync(created.Id));
    }

    [Test]
    public async Task Attachments_UploadKeepsBytes_DownloadReturnsThem()
    {
        var ticket = await NewTicketAsync();
        var bytes = Enumerable.Range(0, 70_000).Select(i => (byte)(i * 7)).ToArray();

        var attachment = await _client.Attachments.UploadAsync(ticket.Id, new MemoryStream(bytes), "dump.bin", "application/octet-stream");
        var metadata = await _client.Attachments.GetAsync(attachment.Id);
        await using var download = await _client.Attachments.DownloadAsync(attachment.Id);
        using var copy = new MemoryStream();
        await download.CopyToAsync(copy);

        Assert.Multiple(() =>
        {
            Assert.That(metadata.FileName, Is.EqualTo("dump.bin"));
            Assert.That(metadata.SizeBytes, Is.EqualTo(bytes.Length));
            Assert.That(metadata.TicketId, Is.EqualTo(ticket.Id));
            Assert.That(copy.ToArray(), Is.EqualTo(bytes));
        });
    }

    [Test]
    public async Task AnotherWorkspacesTicket_Is404()
    {
        var ticket = await NewTicketAsync();
        using var other = ClientFor(_server.CreateApiKey("ws_other"));

        Assert.ThrowsAsync<TixalloNotFoundException>(() => other.Tickets.GetAsync(ticket.Id));
        Assert.That(await ToListAsync(other.Tickets.ListAsync()), Is.Empty);
    }

    [Test]
    public void RevokedKey_Is401()
    {
        var key = _server.CreateApiKey();
        using var client = ClientFor(key);
        _server.RevokeApiKey(key);

        Assert.ThrowsAsync<TixalloAuthenticationException>(() => client.Tickets.GetAsync("tkt_1"));
    }

    [Test]
    public void Validation_ReportsEveryBadField_InTheLegacyShape()
    {
        var error = Assert.ThrowsAsync<TixalloValidationException>(() =>
            _client.Tickets.CreateAsync(new CreateTicketRequest { Subject = "s", CustomerEmail = "not-an-email", Tags = ["a"] }));

        Assert.Multiple(() =>
        {
            Assert.That(error!.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(error.ErrorShape, Is.EqualTo(TixalloErrorShape.Legacy));
            Assert.That(error.Message, Is.EqualTo("Invalid input"));
            Assert.That(error.FieldErrors["customer_email"], Is.EqualTo(new[] { "Invalid email" }));
        });
    }

    [Test]
    public void EnvelopeShape_Validation_Is422WithStringDetails()
    {
        _server.ErrorShape = TixalloErrorShape.Envelope;

        var error = Assert.ThrowsAsync<TixalloValidationException>(() =>
            _client.Tickets.CreateAsync(new CreateTicketRequest { Subject = "s", CustomerEmail = "nope" }));

        Assert.That(error!.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
        Assert.That(error.ErrorShape, Is.EqualTo(TixalloErrorShape.Envelope));
        Assert.That(error.ErrorCode, Is.EqualTo("validation_error"));
        Assert.That(error.FieldErrors["customer_email"], Is.EqualTo(new[] { "Invalid email" }));
    }

    [Test]
    public void LocalizedShape_NotFound_HasKeyAndParams()
    {
        _server.ErrorShape = TixalloErrorShape.Localized;

        var error = Assert.ThrowsAsync<TixalloNotFoundException>(() => _client.Tickets.GetAsync("tkt_nope"));

        Assert.That(error!.LocalizationKey, Is.EqualTo("api-errors.ticketNotFound"));
        Assert.That(error.LocalizationParams["ticketId"], Is.EqualTo("tkt_nope"));
        Assert.That(error.Message, Is.EqualTo("Not found."));
    }

    [Test]
    public async Task RateLimit_PerKeyPerMinute_With429RetryAfterAndBody_ResetsOnTheServerClock()
    {
        _server.RateLimitPerMinute = 3;
        using var client = ClientFor(_server.CreateApiKey(), o => o.Retry.MaxRetries = 0);
        for (var i = 0; i < 3; i++)
        {
            await ToListAsync(client.Tickets.ListAsync());
        }

        _clock.Advance(TimeSpan.FromSeconds(20));
        var error = Assert.ThrowsAsync<TixalloRateLimitException>(() => ToListAsync(client.Tickets.ListAsync()));
        _clock.Advance(TimeSpan.FromSeconds(40));
        var afterWindow = await ToListAsync(client.Tickets.ListAsync());

        Assert.Multiple(() =>
        {
            Assert.That(error!.RetryAfter, Is.EqualTo(TimeSpan.FromSeconds(40)));
            Assert.That(error.Limit, Is.EqualTo(3));
            Assert.That(error.Window, Is.EqualTo(TimeSpan.FromMinutes(1)));
            Assert.That(afterWindow, Is.Empty);
        });
    }

    [Test]
    public async Task CorrelationId_IsEchoed_OrGenerated()
    {
        using var http = new HttpClient();
        using var withId = new HttpRequestMessage(HttpMethod.Get, new Uri(_server.BaseAddress, "tickets"));
        withId.Headers.Add("x-correlation-id", "mine-123");
        using var echoed = await http.SendAsync(withId);
        using var generated = await http.GetAsync(new Uri(_server.BaseAddress, "tickets"));

        Assert.That(echoed.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), "no key");
        Assert.That(echoed.Headers.GetValues("x-correlation-id").Single(), Is.EqualTo("mine-123"));
        Assert.That(generated.Headers.GetValues("x-correlation-id").Single(), Does.StartWith("fake-"));
    }

    [Test]
    public async Task InjectedServerErrors_AreRetriedByTheClient()
    {
        _server.InjectFault(TixalloFault.Status(503), times: 2, pathPrefix: "tickets");
        var ticket = await _clock.RunAsync(_client.Tickets.CreateAsync(new CreateTicketRequest { Subject = "s", CustomerEmail = "a@b.co" }));

        Assert.That(ticket.Id, Does.StartWith("tkt_"));
        Assert.That(_clock.Sleeps, Is.EqualTo(new[] { TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2) }));
    }

    [Test]
    public async Task Injected429WithRetryAfter_IsHonoured()
    {
        _server.InjectFault(TixalloFault.Status(429, TimeSpan.FromSeconds(3)));

        await _clock.RunAsync(ToListAsync(_client.Tickets.ListAsync()));

        Assert.That(_clock.Sleeps, Is.EqualTo(new[] { TimeSpan.FromSeconds(3) }));
    }

    [Test]
    public void InjectedHtmlPage_IsDecodedAsUnknownShape()
    {
        using var client = ClientFor(_server.CreateApiKey(), o => o.Retry.MaxRetries = 0);
        _server.InjectFault(TixalloFault.HtmlPage());

        var error = Assert.ThrowsAsync<TixalloServerException>(() => client.Tickets.GetAsync("tkt_1"));

        Assert.That(error!.StatusCode, Is.EqualTo(HttpStatusCode.BadGateway));
        Assert.That(error.ErrorShape, Is.EqualTo(TixalloErrorShape.Unknown));
        Assert.That(error.RawBody, Does.Contain("nginx"));
    }

    [Test]
    public void InjectedAbort_IsAConnectionFailure()
    {
        using var client = ClientFor(_server.CreateApiKey(), o => o.Retry.MaxRetries = 0);
        _server.InjectFault(TixalloFault.ConnectionAbort());

        var error = Assert.ThrowsAsync<TixalloConnectionException>(() => client.Tickets.GetAsync("tkt_1"));

        Assert.That(error!.CorrelationId, Is.Not.Null);
    }

    [Test]
    public async Task InjectedDelay_HoldsTheAnswerUntilTheServerClockMoves()
    {
        // Shorter than the client's 30 s attempt timeout, which runs on the same clock.
        _server.InjectFault(TixalloFault.Slow(TimeSpan.FromSeconds(10)));

        var call = ToListAsync(_client.Tickets.ListAsync());
        await _clock.FireAsync(t => t.IsSleep && t.Duration == TimeSpan.FromSeconds(10));
        var tickets = await call.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.That(tickets, Is.Empty);
    }

    [Test]
    public async Task FaultForAPath_LeavesOtherPathsAlone()
    {
        using var client = ClientFor(_server.CreateApiKey(), o => o.Retry.MaxRetries = 0);
        _server.InjectFault(TixalloFault.Status(500), pathPrefix: "templates");

        Assert.That(await ToListAsync(client.Tickets.ListAsync()), Is.Empty);
        Assert.ThrowsAsync<TixalloServerException>(() => ToListAsync(client.Templates.ListAsync()));
    }

    [Test]
    public async Task ConcurrentCreates_AllLand_WithDistinctIds()
    {
        _server.RateLimitPerMinute = 1_000;
        var tickets = await Task.WhenAll(Enumerable.Range(0, 50).Select(i =>
            _client.Tickets.CreateAsync(new CreateTicketRequest { Subject = $"T{i}", CustomerEmail = "a@b.co" })));

        Assert.That(tickets.Select(t => t.Id).Distinct().Count(), Is.EqualTo(50));
        Assert.That(await ToListAsync(_client.Tickets.ListAsync(new ListTicketsOptions { Limit = 100 })), Has.Count.EqualTo(50));
    }

    [Test]
    public async Task InvalidJson_Is400()
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_server.BaseAddress, "tickets"))
        {
            Content = new StringContent("{not json", Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new("Bearer", _server.CreateApiKey());

        using var response = await http.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo("""{"error":"Invalid JSON"}"""));
    }

    private TixalloClient ClientFor(string apiKey, Action<TixalloClientOptions>? configure = null)
    {
        var options = new TixalloClientOptions
        {
            ApiKey = apiKey,
            BaseAddress = _server.BaseAddress,
            TimeProvider = _clock,
            Retry = new TixalloRetryOptions { UseJitter = false },
        };
        configure?.Invoke(options);
        return new TixalloClient(options);
    }

    private Task<Ticket> NewTicketAsync() =>
        _client.Tickets.CreateAsync(new CreateTicketRequest { Subject = "Help", CustomerEmail = "ada@example.com" });

    private static async Task<List<T>> ToListAsync<T>(IAsyncEnumerable<T> items)
    {
        var list = new List<T>();
        await foreach (var item in items)
        {
            list.Add(item);
        }

        return list;
    }
}
