using ScottPlot;

namespace Backprop.Functional.Plots;

/// <summary>A colormap of flat bands, one per class, for heat maps of class indices over the range [−0.5, k − 0.5].</summary>
internal sealed class CategoryColormap(Color[] colors) : IColormap
{
    public string Name => "categories";

    public Color GetColor(double position) =>
        colors[Math.Clamp((int)Math.Floor((double.IsFinite(position) ? position : 0) * colors.Length), 0, colors.Length - 1)];
}
