using Tixallo.Client;

namespace Tixallo.Samples.ErrorHandling;

/// <summary>The catch ladder the README shows: one branch per class of failure, most specific first.</summary>
public static class Errors
{
    /// <summary>Adds an internal note to a ticket and says what happened, handling every class of Tixallo failure.</summary>
    /// <param name="client">The client.</param>
    /// <param name="ticketId">The ticket.</param>
    /// <param name="text">The note.</param>
    /// <returns>What happened, in one line.</returns>
    public static async Task<string> AddNoteAsync(ITixalloClient client, string ticketId, string text)
    {
        // <catch-ladder>
        try
        {
            var message = await client.Messages.CreateAsync(ticketId, new CreateMessageRequest { Body = text, Internal = true });
            return $"added {message.Id}";
        }
        catch (ArgumentException e)
        {
            return $"fix the call: {e.ParamName}: {e.Message}";                      // nothing was sent
        }
        catch (TixalloValidationException e)
        {
            return "fix the input: " + string.Join("; ", e.FieldErrors.Select(f => $"{f.Key}: {string.Join(", ", f.Value)}"));
        }
        catch (TixalloTicketMergedException e)
        {
            return $"{e.TicketId} was merged: read it and write to MergedIntoTicketId (or set FollowMergedTickets)";
        }
        catch (TixalloNotFoundException e)
        {
            return $"no such ticket in this key's workspace (correlation id {e.CorrelationId})";
        }
        catch (TixalloAuthenticationException)
        {
            return "the API key is missing, wrong or revoked";
        }
        catch (TixalloRateLimitException e)
        {
            return $"rate limited: try again in {e.RetryAfter?.TotalSeconds ?? 60:0} s";      // the client already waited what it may
        }
        catch (TixalloServerException e)
        {
            return $"Tixallo failed ({(int)e.StatusCode}) after {e.Attempts} attempts; give support correlation id {e.CorrelationId}";
        }
        catch (TixalloApiException e)
        {
            return $"the API refused ({(int)e.StatusCode} {e.ErrorCode}): {e.Message}";    // any other status
        }
        catch (TixalloTimeoutException e)
        {
            return $"timed out after {e.Attempts} attempts (correlation id {e.CorrelationId})";
        }
        catch (TixalloConnectionException e)
        {
            return $"network failure: {e.InnerException?.Message} (correlation id {e.CorrelationId})";
        }
        // </catch-ladder>
    }
}
