using Tixallo.Client;

namespace Tixallo.Samples.ErrorHandling;

/// <summary>The README's call-level snippets: per-call options, and a sync job that resumes a listing from a kept cursor.</summary>
public static class CallControl
{
    /// <summary>Reads a ticket under a tight deadline, as a health check would, without changing the shared client.</summary>
    /// <param name="client">The shared client.</param>
    /// <param name="ticketId">The ticket.</param>
    /// <returns>The ticket's subject, or why there is none.</returns>
    public static async Task<string> QuickLookAsync(ITixalloClient client, string ticketId)
    {
        // <with-options>
        var quick = client.WithOptions(new TixalloRequestOptions
        {
            TotalTimeout = TimeSpan.FromSeconds(3),                                    // this view's calls end by then…
            MaxRetries = 1,
            Headers = new Dictionary<string, string> { ["x-caller"] = "health-check" },  // …and carry this header
        });
        try
        {
            return (await quick.Tickets.GetAsync(ticketId)).Subject;
        }
        catch (TixalloTimeoutException e)
        {
            return $"no answer within 3 s (correlation id {e.CorrelationId})";      // a deadline, not your cancellation
        }
        // </with-options>
    }

    /// <summary>Copies every ticket to <paramref name="store"/>, page by page, resuming from the cursor it kept last time.</summary>
    /// <param name="client">The client.</param>
    /// <param name="keptCursor">The cursor saved by the previous run, or null to start at the beginning.</param>
    /// <param name="store">Where tickets go.</param>
    /// <param name="saveCursor">Saves the cursor after each page.</param>
    /// <returns>How many tickets this run copied.</returns>
    public static async Task<int> SyncAsync(ITixalloClient client, string? keptCursor, ICollection<Ticket> store, Action<string?> saveCursor)
    {
        var copied = 0;
        // <resume-pages>
        await foreach (var page in client.Tickets.ListPagesAsync(new ListTicketsOptions { Limit = 100, Cursor = keptCursor }))
        {
            foreach (var ticket in page.Items)
            {
                store.Add(ticket);
                copied++;
            }

            saveCursor(page.NextCursor);   // a 429 or a deploy later, the next run resumes after this page
        }
        // </resume-pages>
        return copied;
    }
}
