namespace Backprop.Cli;

/// <summary>How a CSV column becomes features: a number as it is, or text one-hot over its categories (in this order).</summary>
public sealed record TableColumn(string Name, string[]? Categories = null)
{
    public int Width => Categories?.Length ?? 1;

    public string Describe() => Categories is { } c ? $"'{Name}' one-hot ({string.Join(", ", c)})" : $"'{Name}'";
}
