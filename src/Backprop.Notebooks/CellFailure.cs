using System.Text.RegularExpressions;

namespace Backprop.Notebooks;

/// <summary>
/// Why a notebook stopped: the cell (1-based, counting every cell), the line when the kernel names one (a compile
/// error does; an exception's frames in the kernel carry no line numbers), and what.
/// </summary>
public sealed partial record CellFailure(string Notebook, int Cell, int? Line, string Name, string Message)
{
    public string Location => Line is { } line ? $"cell {Cell}, line {line}" : $"cell {Cell}";

    public override string ToString() => $"{Notebook}: {Location}: {Name}: {Message}";

    /// <summary>
    /// The failure a kernel reported for a cell: "(3,9): error CS0103: …" is a compilation error at line 3;
    /// "System.InvalidOperationException: boom\n   at …" an exception, named by its type and first line.
    /// </summary>
    public static CellFailure FromKernel(string notebook, int cell, string message)
    {
        var first = message.Split('\n')[0].TrimEnd('\r');
        if (Compile().Match(first) is { Success: true } c)
            return new(notebook, cell, int.Parse(c.Groups["line"].Value), "CompilationError", $"{c.Groups["code"].Value}: {c.Groups["text"].Value}");
        if (Exception().Match(first) is { Success: true } x)
            return new(notebook, cell, null, x.Groups["type"].Value.Split('.')[^1], x.Groups["text"].Value.Trim());
        return new(notebook, cell, null, "KernelError", first);
    }

    /// <summary>The nbformat error output: the kernel's message as the traceback, this failure's location first.</summary>
    public ErrorOutput ToOutput(string message) =>
        new(Name, Message, [$"{Name}: {Message}", $"   at {Notebook}, {Location}", .. message.Split('\n').Select(l => l.TrimEnd('\r')).Skip(1)]);

    [GeneratedRegex(@"^\((?<line>\d+),\d+\): error (?<code>\w+): (?<text>.*)$")]
    private static partial Regex Compile();

    [GeneratedRegex(@"^(?<type>[\w.]+(Exception|Error)): ?(?<text>.*)$")]
    private static partial Regex Exception();
}
