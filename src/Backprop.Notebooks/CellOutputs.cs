using System.Collections.Immutable;
using System.Text;

namespace Backprop.Notebooks;

/// <summary>
/// The outputs of the running cell, in the order they happen. Console text is merged into one stream
/// output until something else (a display, or the other stream) interrupts it, as Jupyter shows it.
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

    /// <summary>Adds an output after the text so far; its index, for <see cref="Replace"/>.</summary>
    public int Add(Output output)
    {
        lock (gate)
        {
            Flush();
            outputs.Add(output);
            return outputs.Count - 1;
        }
    }

    /// <summary>Puts <paramref name="output"/> in the place of the output at <paramref name="index"/> (a display updated in place).</summary>
    public void Replace(int index, Output output)
    {
        lock (gate) outputs[index] = output;
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
