using Backprop.Functional.Testing;
using Backprop.Functional.Tensors;
using FsCheck;
using FsCheck.Fluent;

namespace Backprop.Functional.Tests.Rules;

/// <summary>Inputs for loss-rule properties: (prediction, target, key) of one generated shape.</summary>
internal static class LossGenerators
{
    /// <summary>Targets anywhere.</summary>
    public static Arbitrary<(Tensor<double> X, Tensor<double> Y, Key Key)> Pairs(int rank = 2) =>
        Arb.From(from shape in Generators.Shape(rank)
                 from x in Generators.Normal(shape)
                 from y in Generators.Normal(shape)
                 from key in Generators.Key()
                 select (x, y, key));

    /// <summary>Prediction − target kept off the kinks: |e| at least 0.05 from every value in <paramref name="kinks"/>.</summary>
    public static Arbitrary<(Tensor<double> X, Tensor<double> Y, Key Key)> OffKinks(params double[] kinks) =>
        Arb.From(from shape in Generators.Shape(2)
                 from x in Generators.Normal(shape)
                 from e in Generators.Normal(shape)
                 from key in Generators.Key()
                 select (x, x - e.Map(v => Away(v, kinks)), key));

    /// <summary><paramref name="v"/>, moved 0.1 further from zero when |v| lies within 0.05 of one of <paramref name="kinks"/>.</summary>
    internal static double Away(double v, double[] kinks) =>
        kinks.Aggregate(v, (acc, k) => Math.Abs(Math.Abs(acc) - k) < 0.05 ? acc + Math.CopySign(0.1, acc == 0 ? 1 : acc) : acc);
}
