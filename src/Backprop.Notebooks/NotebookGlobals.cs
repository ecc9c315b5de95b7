namespace Backprop.Notebooks;

/// <summary>What every cell sees as globals: <c>display(x)</c>, as in .NET Interactive.</summary>
public sealed class NotebookGlobals
{
    internal CellOutputs? Outputs { get; set; }

    /// <summary>Shows a value below the cell (text, an HTML table, or an image for plots).</summary>
#pragma warning disable IDE1006 // lower case to match .NET Interactive's display
    public void display(object? value) =>
#pragma warning restore IDE1006
        (Outputs ?? throw new InvalidOperationException("display is only available while a cell runs")).Add(new DisplayData(DisplayFormatter.Format(value)));
}
