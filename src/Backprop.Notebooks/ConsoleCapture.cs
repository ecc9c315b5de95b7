using System.Text;

namespace Backprop.Notebooks;

/// <summary>
/// Console.Out and Console.Error routed to the running cell's outputs. The route is an AsyncLocal, so it
/// follows the cell's own code (and the tasks it starts) and leaves other threads writing to the real console.
/// </summary>
internal static class ConsoleCapture
{
    private static readonly AsyncLocal<CellOutputs?> Current = new();
    private static readonly Lock Gate = new();
    private static TextWriter? installedOut;
    private static TextWriter? installedError;

    /// <summary>Routes console writes made by this async flow to <paramref name="outputs"/> until disposed.</summary>
    public static IDisposable To(CellOutputs outputs)
    {
        Install();
        Current.Value = outputs;
        return new Route();
    }

    private static void Install()
    {
        lock (Gate)
        {
            if (!ReferenceEquals(Console.Out, installedOut))
            {
                Console.SetOut(new Router("stdout", Console.Out));
                installedOut = Console.Out;
            }
            if (!ReferenceEquals(Console.Error, installedError))
            {
                Console.SetError(new Router("stderr", Console.Error));
                installedError = Console.Error;
            }
        }
    }

    private sealed class Route : IDisposable
    {
        public void Dispose() => Current.Value = null;
    }

    private sealed class Router(string stream, TextWriter fallback) : TextWriter
    {
        public override Encoding Encoding => fallback.Encoding;

        public override void Write(char value) => Write(value.ToString());

        public override void Write(string? value)
        {
            if (Current.Value is { } outputs) outputs.Write(stream, value ?? "");
            else fallback.Write(value);
        }

        public override void Write(char[] buffer, int index, int count) => Write(new string(buffer, index, count));

        public override void WriteLine(string? value) => Write(value + "\n");

        public override void Flush()
        {
            if (Current.Value is null) fallback.Flush();
        }
    }
}
