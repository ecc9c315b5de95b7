namespace Backprop.Functional.Interop;

/// <summary>Layer paths from parameter paths: "mlp_1/dense_2/w" → "mlp_1/dense_2".</summary>
internal static class Layers
{
    public static string LayerOf(string path) => path.LastIndexOf('/') is var i and >= 0 ? path[..i] : path;
}
