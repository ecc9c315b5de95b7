using System.Numerics;
using Backprop.Functional.Kernels;
using Backprop.Functional.Tensors;

namespace Backprop.Functional.Data;

/// <summary>
/// Per-feature standardisation x ↦ (x − mean) / std with statistics from the training split only,
/// applied unchanged to every split. A feature with zero spread keeps std 1 (it is only centred).
/// </summary>
public sealed record Standardiser<T>(Tensor<T> Mean, Tensor<T> Std) where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    /// <summary>The column means and (population) standard deviations of features [n, f].</summary>
    public static Standardiser<T> Fit(Tensor<T> train)
    {
        var (n, f) = Columns(train);
        var mean = Tensor<T>.Build(new Shape(f), m =>
        {
            Rowwise.SumRows(train.Span, m);
            TensorPrimitives.Divide(m, T.CreateChecked(Math.Max(n, 1)), m);
        });
        var centred = Tensor<T>.Build(train.Shape, d => Rowwise.AddRow(train.Span, (-T.One * mean).Span, d));
        var std = Tensor<T>.Build(new Shape(f), s =>
        {
            var squares = new T[centred.Size];
            TensorPrimitives.Multiply(centred.Span, centred.Span, squares);
            Rowwise.SumRows<T>(squares, s);
            TensorPrimitives.Divide(s, T.CreateChecked(Math.Max(n, 1)), s);
            TensorPrimitives.Sqrt(s, s);
        });
        return new(mean, std.Map(s => s > T.Zero ? s : T.One));
    }

    /// <summary>Fits on <paramref name="train"/> and standardises both splits with those statistics.</summary>
    public static (Dataset<T> Train, Dataset<T> Test, Standardiser<T> Stats) FitApply(Dataset<T> train, Dataset<T> test)
    {
        var stats = Fit(train.Features);
        return (stats.Apply(train), stats.Apply(test), stats);
    }

    public Tensor<T> Apply(Tensor<T> x)
    {
        var (_, f) = Columns(x);
        if (f != Mean.Size) throw new ShapeException($"standardiser fitted on {Mean.Size} features, given {x.Shape}");
        var scale = Std.Map(s => T.One / s);
        return Tensor<T>.Build(x.Shape, d =>
        {
            Rowwise.AddRow(x.Span, (-T.One * Mean).Span, d);
            for (var offset = 0; offset < d.Length; offset += f)
                TensorPrimitives.Multiply(d.Slice(offset, f), scale.Span, d.Slice(offset, f));
        });
    }

    public Dataset<T> Apply(Dataset<T> data) => data with { Features = Apply(data.Features) };

    private static (int Rows, int Features) Columns(Tensor<T> x) =>
        x.Rank >= 1 && x.Shape[0] > 0 ? (x.Shape[0], x.Size / x.Shape[0])
        : throw new ShapeException($"standardisation needs features [n, ...] with n > 0, got {x.Shape}");
}
