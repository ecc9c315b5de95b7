namespace Backprop.Notebooks;

/// <summary>
/// A value that shows itself as a PNG image (a plot). As with <see cref="IHtmlDisplay"/>, the runner goes by the
/// method: any public <c>byte[] ToPng()</c> works, so the Plots project can offer it without referencing the runner.
/// </summary>
public interface IPngDisplay
{
    byte[] ToPng();
}
