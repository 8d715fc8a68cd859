using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Tixallo.Client;
using Tixallo.Client.Testing;

namespace Tixallo.Samples.Quickstart;

/// <summary>A narrated tour of Tixallo.Client: the happy path, every class of error, retries and correlation ids.</summary>
public static class QuickstartTour
{
    /// <summary>Runs the tour and returns the process exit code: 0 when every step behaved as narrated.</summary>
    /// <param name="apiKey">A real API key, or null to run against a local fake server.</param>
    /// <param name="baseUrl">The real server's base address, or null for the production API.</param>
    /// <param name="output">Where the narration goes.</param>
    /// <returns>0 on success, 1 when a step misbehaved.</returns>
    public static async Task<int> RunAsync(string? apiKey, string? baseUrl, TextWriter output)
    {
        var narrator = new Narrator(output);
        narrator.Title("Tixallo.Client quickstart");

        await using var fake = string.IsNullOrEmpty(apiKey) ? await TixalloFakeServer.StartAsync() : null;
        var baseAddress = fake?.BaseAddress ?? new Uri(string.IsNullOrEmpty(baseUrl) ? TixalloClientOptions.DefaultBaseAddress.AbsoluteUri : baseUrl);
        narrator.Line(fake is null
            ? $"Using the server at {baseAddress} with your TIXALLO_API_KEY."
            : $"No TIXALLO_API_KEY set: started a local fake Tixallo server at {baseAddress}");

        var retryLog = new RetryLog(narrator);
        using var loggerFactory = LoggerFactory.Create(logging => logging.AddProvider(retryLog));
        TixalloClientOptions Options(bool followMerges = false) => new()
        {
            ApiKey = apiKey ?? fake!.CreateApiKey(),
            BaseAddress = baseAddress,
            FollowMergedTickets = followMerges,
            LoggerFactory = loggerFactory,
            // Short waits so the tour runs in seconds; the defaults are 1 s, doubling.
            Retry = new TixalloRetryOptions { BaseDelay = TimeSpan.FromMilliseconds(200) },
        };

        using var client = new TixalloClient(Options());
        using var pages = new PageCounter();
        var tour = new Tour(client, fake, narrator, retryLog, pages, () => new TixalloClient(Options(followMerges: true)));
        try
        {
            await tour.RunAsync();
        }
        catch (TixalloException unexpected)
        {
            narrator.Fail($"Unexpected {unexpected.GetType().Name}: {unexpected.Message} (correlation id {unexpected.CorrelationId})");
        }

        narrator.Line();
        narrator.Line($"Summary: {narrator.Passed} step(s) behaved as narrated, {narrator.Failed} did not, {narrator.Skipped} skipped.");
        return narrator.Failed == 0 ? 0 : 1;
    }

    /// <summary>Counts the list pages the SDK fetches, from its <c>Tixallo.Client</c> activities.</summary>
    private sealed class PageCounter : IDisposable
    {
        private readonly ActivityListener _listener;

        public PageCounter()
        {
            _listener = new ActivityListener
            {
                ShouldListenTo = source => source.Name == "Tixallo.Client",
                Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
                ActivityStopped = activity => Pages += activity.OperationName.EndsWith(".list", StringComparison.Ordinal) ? 1 : 0,
            };
            ActivitySource.AddActivityListener(_listener);
        }

        public int Pages { get; set; }

        public void Dispose() => _listener.Dispose();
    }

    private sealed class Tour(TixalloClient client, TixalloFakeServer? fake, Narrator narrator, RetryLog retryLog, PageCounter pages, Func<TixalloClient> followingClient)
    {
        private readonly List<Ticket> _tickets = [];

        public async Task RunAsync()
        {
            await CreateTicketsAsync();
            await ListTicketsAsync();
            await ResumeListingAsync();
            await AddMessagesAsync();
            await ValidationErrorAsync();
            await NotFoundAsync();
            await MergedTicketAsync();
            await ServerErrorBurstAsync();
            await RateLimitAsync();
            await EnvelopeShapeAsync();
        }

        private async Task CreateTicketsAsync()
        {
            narrator.Step("Create three tickets");
            (string Subject, string Email, TicketPriority Priority)[] seeds =
            [
                ("Printer on fire", "ada@example.com", TicketPriority.Urgent),
                ("Cannot log in", "grace@example.com", TicketPriority.High),
                ("Cannot log in (again)", "grace@example.com", TicketPriority.Normal),
            ];
            foreach (var (subject, email, priority) in seeds)
            {
                var ticket = await client.Tickets.CreateAsync(new CreateTicketRequest { Subject = subject, CustomerEmail = email, Priority = priority });
                _tickets.Add(ticket);
                narrator.Detail($"{ticket.Id}  {ticket.Priority,-7} {ticket.CustomerEmail,-18} \"{ticket.Subject}\"");
            }

            narrator.Check(_tickets.Count == 3 && _tickets.All(t => t.Status == TicketStatus.Open), "three open tickets created", "tickets were not created as expected");
        }

        private async Task ListTicketsAsync()
        {
            narrator.Step("List them, two per page: ListAsync follows next_cursor as you enumerate");
            pages.Pages = 0;
            var seen = new List<string>();
            await foreach (var ticket in client.Tickets.ListAsync(new ListTicketsOptions { Status = TicketStatus.Open, Limit = 2 }))
            {
                seen.Add(ticket.Id);
            }

            narrator.Detail($"{seen.Count} tickets in {pages.Pages} page requests: {string.Join(", ", seen)}");
            narrator.Check(_tickets.All(t => seen.Contains(t.Id)) && pages.Pages >= 2, "every ticket listed across pages", "the list missed tickets");
        }

        private async Task ResumeListingAsync()
        {
            narrator.Step("Stop a listing after its first page, keep the cursor, resume from it later: ListPagesAsync");
            var options = new ListTicketsOptions { Status = TicketStatus.Open, Limit = 2 };
            TixalloPage<Ticket>? first = null;
            await foreach (var page in client.Tickets.ListPagesAsync(options))
            {
                first = page;
                break; // a 429, a deploy: the job stops here and stores first.NextCursor
            }

            var seen = first!.Items.Select(t => t.Id).ToList();
            narrator.Detail($"first run: {string.Join(", ", seen)}; kept cursor \"{first.NextCursor}\" (correlation id {first.CorrelationId})");
            await foreach (var ticket in client.Tickets.ListAsync(new ListTicketsOptions { Status = TicketStatus.Open, Limit = 2, Cursor = first.NextCursor }))
            {
                seen.Add(ticket.Id);
            }

            narrator.Detail($"after resuming: {string.Join(", ", seen)}");
            narrator.Check(
                first.NextCursor is not null && _tickets.All(t => seen.Count(id => id == t.Id) == 1),
                "every ticket seen exactly once across the two runs",
                "the resumed listing missed or repeated a ticket");
        }

        private async Task AddMessagesAsync()
        {
            narrator.Step("Add an agent reply and an internal note, then read the conversation");
            var ticket = _tickets[0];
            await client.Messages.CreateAsync(ticket.Id, new CreateMessageRequest { Body = "Please step away from the printer.", AuthorType = MessageAuthorType.Agent });
            await client.Messages.CreateAsync(ticket.Id, new CreateMessageRequest { Body = "Fire brigade called.", Internal = true });
            var messages = new List<Message>();
            await foreach (var message in client.Messages.ListAsync(ticket.Id))
            {
                messages.Add(message);
                narrator.Detail($"{message.Id}  {message.AuthorType}{(message.Internal ? " (internal)" : string.Empty)}: {message.Body}");
            }

            narrator.Check(messages.Count == 2, "two messages on the ticket", $"expected 2 messages, got {messages.Count}");
        }

        private async Task ValidationErrorAsync()
        {
            narrator.Step("Send an invalid email: the API answers 400 with field errors");
            try
            {
                await client.Tickets.CreateAsync(new CreateTicketRequest { Subject = "Broken", CustomerEmail = "not-an-email" });
                narrator.Fail("the invalid ticket was accepted");
            }
            catch (TixalloValidationException e)
            {
                foreach (var (field, errors) in e.FieldErrors)
                {
                    narrator.Detail($"{field}: {string.Join("; ", errors)}");
                }

                narrator.Detail($"status {(int)e.StatusCode}, code {e.ErrorCode}, correlation id {e.CorrelationId}");
                narrator.Check(e.FieldErrors.ContainsKey("customer_email"), "TixalloValidationException with FieldErrors[\"customer_email\"]", "no field error for customer_email");
            }
        }

        private async Task NotFoundAsync()
        {
            narrator.Step("Read a ticket that does not exist");
            try
            {
                await client.Tickets.GetAsync("tkt_does_not_exist");
                narrator.Fail("a missing ticket was found");
            }
            catch (TixalloNotFoundException e)
            {
                narrator.Detail($"{e.Message} (status {(int)e.StatusCode}, correlation id {e.CorrelationId}, {e.Attempts} attempt: 404 is never retried)");
                narrator.Check(e.Attempts == 1, "TixalloNotFoundException after one attempt", "the 404 was retried");
            }
        }

        private async Task MergedTicketAsync()
        {
            narrator.Step("Merge the duplicate login ticket, then write to the old one");
            var (duplicate, original) = (_tickets[2], _tickets[1]);
            await client.Tickets.MergeAsync(duplicate.Id, original.Id);
            narrator.Detail($"{duplicate.Id} merged into {original.Id}");
            try
            {
                await client.Messages.CreateAsync(duplicate.Id, new CreateMessageRequest { Body = "Any news?" });
                narrator.Fail("the message to the merged ticket was accepted");
                return;
            }
            catch (TixalloTicketMergedException e)
            {
                narrator.Detail($"409: {e.Message} (ticket {e.TicketId}, correlation id {e.CorrelationId})");
            }

            using var following = followingClient();
            var message = await following.Messages.CreateAsync(duplicate.Id, new CreateMessageRequest { Body = "Any news?" });
            narrator.Detail($"with FollowMergedTickets = true the message landed on {message.TicketId}");
            narrator.Check(message.TicketId == original.Id, "409 raised TixalloTicketMergedException; FollowMergedTickets followed the merge", "the merge was not followed");
        }

        private async Task ServerErrorBurstAsync()
        {
            narrator.Step("A burst of 503s: retried with exponential backoff, same correlation id on every attempt");
            if (fake is null)
            {
                narrator.Skip("needs the local fake server to inject faults");
                return;
            }

            fake.InjectFault(TixalloFault.Status(503), times: 2, pathPrefix: "tickets");
            retryLog.Retries = 0;
            var ticket = await client.Tickets.GetAsync(_tickets[0].Id);
            narrator.Check(ticket.Id == _tickets[0].Id && retryLog.Retries == 2, $"answered after {retryLog.Retries} retries", $"expected 2 retries, saw {retryLog.Retries}");
        }

        private async Task RateLimitAsync()
        {
            narrator.Step("A 429 with Retry-After: 1 is honoured, plus a little jitter (never less), and holds the client's other calls");
            if (fake is null)
            {
                narrator.Skip("needs the local fake server to inject faults");
                return;
            }

            fake.InjectFault(TixalloFault.Status(429, TimeSpan.FromSeconds(1)));
            var started = Stopwatch.GetTimestamp();
            await client.Tickets.GetAsync(_tickets[0].Id);
            var waited = Stopwatch.GetElapsedTime(started);
            narrator.Detail($"waited {waited.TotalSeconds:0.0} s as the server asked");
            narrator.Check(waited >= TimeSpan.FromSeconds(1), "Retry-After honoured", "the client did not wait");
        }

        private async Task EnvelopeShapeAsync()
        {
            narrator.Step("The API's planned error envelope: the same catch keeps working");
            if (fake is null)
            {
                narrator.Skip("needs the local fake server to switch error shapes");
                return;
            }

            fake.ErrorShape = TixalloErrorShape.Envelope;
            try
            {
                await client.Tickets.CreateAsync(new CreateTicketRequest { Subject = "Broken", CustomerEmail = "still-not-an-email" });
                narrator.Fail("the invalid ticket was accepted");
            }
            catch (TixalloValidationException e)
            {
                narrator.Detail($"status {(int)e.StatusCode}, shape {e.ErrorShape}, code {e.ErrorCode}: {e.Message}");
                narrator.Check(e.ErrorShape == TixalloErrorShape.Envelope && e.FieldErrors.ContainsKey("customer_email"),
                    "same TixalloValidationException, same FieldErrors", "the envelope was not decoded");
            }
            finally
            {
                fake.ErrorShape = TixalloErrorShape.Legacy;
            }
        }
    }
}
