using Backprop.Functional.Tensors;
using Backprop.Functional.Testing;

namespace Backprop.Functional.Tests.Testing;

/// <summary>Check targets built by hand for the checks' own tests: f(x) = x² element-wise with a pullback to choose.</summary>
internal static class Targets
{
    /// <summary>x ↦ x², with pullback w·g(x) for the given g (2x is right).</summary>
    public static CheckTarget Square(Tensor<double> x, Func<Tensor<double>, Tensor<double>>? slope = null, string path = "x") =>
        new("square", [(path, x)], xs => xs[0].Square(), (xs, w) => [w * (slope ?? (v => 2.0 * v))(xs[0])]);

    /// <summary>x ↦ |x| with the subgradient sign(x): a kink at every zero.</summary>
    public static CheckTarget Abs(Tensor<double> x) =>
        new("abs", [("x", x)], xs => xs[0].Map(Math.Abs), (xs, w) => [w * xs[0].Map(v => (double)Math.Sign(v))]);

    public static Tensor<double> X(params double[] values) => Tensor.Create<double>(new Shape(values.Length), values);

    public static Tolerances InDouble => Tolerances.For(GradCheckOptions.Default, LineSamples.MachineEpsilon);

    public static IReadOnlyList<Tensor<double>> Grads(CheckTarget target, Tensor<double> w) => target.Pullback(target.Points, w);

    public static Tensor<double> Ones(CheckTarget target) => Tensor<double>.Full(target.Forward(target.Points).Shape, 1.0);
}
