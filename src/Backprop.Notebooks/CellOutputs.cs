using System.Collections.Immutable;
using System.Text;

namespace Backprop.Notebooks;

/// <summary>
/// The outputs of the running cell, in the order they happen. Console text is merged into one stream
/// output until something else (a display) interrupts it, as Jupyter shows it.
/// </summary>
internal sealed class CellOutputs
{
    private readonly List<Output> outputs = [];
    private readonly StringBuilder pending = new();
    private string pendingName = "stdout";
    private readonly Lock gate = new();

    public void Write(string stream, string text)
    {
        lock (gate)
        {
            if (pending.Length > 0 && pendingName != stream) Flush();
            pendingName = stream;
            pending.Append(text);
        }
    }

    public void Add(Output output)
    {
        lock (gate)
        {
            Flush();
            outputs.Add(output);
        }
    }

    public ImmutableArray<Output> ToImmutable()
    {
        lock (gate)
        {
            Flush();
            return [.. outputs];
        }
    }

    private void Flush()
    {
        if (pending.Length == 0) return;
        outputs.Add(new StreamOutput(pendingName, pending.ToString().ReplaceLineEndings("\n")));
        pending.Clear();
    }
}
