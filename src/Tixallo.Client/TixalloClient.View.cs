using Tixallo.Client.Attachments;
using Tixallo.Client.Messages;
using Tixallo.Client.Options;
using Tixallo.Client.Templates;
using Tixallo.Client.Tickets;
using Tixallo.Client.Transport;

namespace Tixallo.Client;

/// <content>The resource clients over one transport, and the views of the client.</content>
public sealed partial class TixalloClient
{
    /// <summary>
    /// The resource clients over one transport: what a <see cref="TixalloClient"/> exposes, and what
    /// <see cref="ITixalloClient.WithOptions"/> returns over a transport with other settings. Not disposable: the
    /// connections are the client's.
    /// </summary>
    private sealed class View : ITixalloClient
    {
        private readonly TixalloTransport _transport;
        private readonly bool _followMergedTickets;

        public View(TixalloTransport transport, bool followMergedTickets)
        {
            _transport = transport;
            _followMergedTickets = followMergedTickets;
            Tickets = new TicketsClient(transport);
            Messages = new MessagesClient(transport, Tickets, followMergedTickets);
            Templates = new TemplatesClient(transport);
            Attachments = new AttachmentsClient(transport);
        }

        public ITicketsClient Tickets { get; }

        public IMessagesClient Messages { get; }

        public ITemplatesClient Templates { get; }

        public IAttachmentsClient Attachments { get; }

        public ITixalloClient WithOptions(TixalloRequestOptions options)
        {
            RequestOptionsValidator.ThrowIfInvalid(options, nameof(options));
            return new View(_transport.With(options), options.FollowMergedTickets ?? _followMergedTickets);
        }

        public override string ToString() => $"TixalloClient view {{ BaseAddress = {TixalloClientOptions.Redacted(_transport.BaseAddress)} }}";
    }
}
