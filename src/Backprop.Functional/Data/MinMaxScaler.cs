using System.Numerics;
using Backprop.Functional.Tensors;

namespace Backprop.Functional.Data;

/// <summary>
/// Per-feature rescaling x ↦ (x − min) / (max − min), so the training split lies in [0, 1];
/// the statistics come from the training split only and are applied unchanged to every split
/// (test values may fall outside [0, 1]). A constant feature maps to 0.
/// </summary>
public sealed record MinMaxScaler<T>(Tensor<T> Min, Tensor<T> Range) where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    public static MinMaxScaler<T> Fit(Tensor<T> train)
    {
        var f = Features(train);
        var min = Tensor<T>.Build(new Shape(f), m =>
        {
            train.Span[..f].CopyTo(m);
            for (var offset = f; offset < train.Size; offset += f) TensorPrimitives.Min(m, train.Span.Slice(offset, f), m);
        });
        var max = Tensor<T>.Build(new Shape(f), m =>
        {
            train.Span[..f].CopyTo(m);
            for (var offset = f; offset < train.Size; offset += f) TensorPrimitives.Max(m, train.Span.Slice(offset, f), m);
        });
        return new(min, (max - min).Map(r => r > T.Zero ? r : T.One));
    }

    /// <summary>Fits on <paramref name="train"/> and rescales both splits with those statistics.</summary>
    public static (Dataset<T> Train, Dataset<T> Test, MinMaxScaler<T> Stats) FitApply(Dataset<T> train, Dataset<T> test)
    {
        var stats = Fit(train.Features);
        return (stats.Apply(train), stats.Apply(test), stats);
    }

    public Tensor<T> Apply(Tensor<T> x)
    {
        var f = Features(x);
        if (f != Min.Size) throw new ShapeException($"scaler fitted on {Min.Size} features, given {x.Shape}");
        return Tensor<T>.Build(x.Shape, d =>
        {
            for (var offset = 0; offset < d.Length; offset += f)
            {
                TensorPrimitives.Subtract(x.Span.Slice(offset, f), Min.Span, d.Slice(offset, f));
                TensorPrimitives.Divide(d.Slice(offset, f), Range.Span, d.Slice(offset, f));
            }
        });
    }

    public Dataset<T> Apply(Dataset<T> data) => data with { Features = Apply(data.Features) };

    private static int Features(Tensor<T> x) =>
        x.Rank >= 1 && x.Shape[0] > 0 ? x.Size / x.Shape[0]
        : throw new ShapeException($"scaling needs features [n, ...] with n > 0, got {x.Shape}");
}
