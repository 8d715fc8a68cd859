namespace Tixallo.Client.Tickets;

/// <summary>The body of a merge: <c>{"target_ticket_id": "…"}</c>.</summary>
internal sealed record MergeTicketRequest(string TargetTicketId);
