using System.Collections.Concurrent;
using Xunit.Abstractions;

namespace Backprop.Functional.Tests.Testing;

/// <summary>Collects xunit's messages and signals when a message of type <typeparamref name="TDone"/> arrives.</summary>
internal sealed class MessageCollector<TDone> : Xunit.LongLivedMarshalByRefObject, IMessageSink, IDisposable where TDone : IMessageSinkMessage
{
    public ConcurrentQueue<IMessageSinkMessage> Messages { get; } = new();
    public ManualResetEventSlim Done { get; } = new();

    public bool OnMessage(IMessageSinkMessage message)
    {
        Messages.Enqueue(message);
        if (message is TDone) Done.Set();
        return true;
    }

    public void Dispose() => Done.Dispose();
}
