using FsCheck;
using FsCheck.Fluent;

namespace Backprop.Functional.Testing;

/// <summary>
/// The verdict of a gradient check: whether every element agreed, the worst element seen, and how
/// many elements were compared. Readable as text; usable as an FsCheck property.
/// </summary>
public sealed record GradCheckReport(string Name, bool Passed, GradMismatch? Worst, int Checked, string? Error = null)
{
    public Property ToProperty() => Prop.Label(Passed, ToString());

    public override string ToString() =>
        Error is not null ? $"{Name}: FAILED: {Error}"
        : $"{Name}: {(Passed ? "ok" : "FAILED")}, {Checked} elements checked" + (Worst is null ? "" : $"; worst {Worst}");
}
