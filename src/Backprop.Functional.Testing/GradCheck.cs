using Backprop.Functional.Autodiff;
using Backprop.Functional.Rules;
using Backprop.Functional.Tensors;

namespace Backprop.Functional.Testing;

/// <summary>
/// Checks pullbacks against central finite differences, in double. The output is reduced to a
/// scalar with a random cotangent w, φ(x) = ⟨w, f(x)⟩, so the pullback of w must equal ∇φ
/// element by element, for every input and every parameter.
/// </summary>
public static class GradCheck
{
    /// <summary>Checks a one-input rule at <paramref name="x"/>.</summary>
    public static GradCheckReport Rule(string name, Func<Tensor<double>, Pulled<Tensor<double>, Tensor<double>>> rule,
        Tensor<double> x, Key key, GradCheckOptions? options = null)
    {
        var pulled = rule(x);
        var w = key.Normal<double>(pulled.Value.Shape);
        return Compare(name, options ?? GradCheckOptions.Default,
            [("x", x, pulled.Pullback(w), xi => rule(xi).Value.Dot(w))]);
    }

    /// <summary>Checks both pullbacks of a two-input rule at (<paramref name="x"/>, <paramref name="y"/>).</summary>
    public static GradCheckReport Rule(string name, Func<Tensor<double>, Tensor<double>, Pulled2<Tensor<double>, Tensor<double>, Tensor<double>>> rule,
        Tensor<double> x, Tensor<double> y, Key key, GradCheckOptions? options = null)
    {
        var pulled = rule(x, y);
        var w = key.Normal<double>(pulled.Value.Shape);
        return Compare(name, options ?? GradCheckOptions.Default,
        [
            ("x", x, pulled.PullbackX(w), xi => rule(xi, y).Value.Dot(w)),
            ("y", y, pulled.PullbackY(w), yi => rule(x, yi).Value.Dot(w)),
        ]);
    }

    /// <summary>
    /// Checks a whole program y = f(x; params): the input gradient and every parameter's gradient,
    /// through the tape (<see cref="Diff.Vjp{T}"/>). Runs in training mode with a fixed key, so keyed
    /// layers (dropout) use the same randomness in every evaluation.
    /// </summary>
    public static GradCheckReport Function(string name, Func<Var<double>, Diff<double, Var<double>>> f, Tensor<double> x,
        Params<double> parameters, Key key, GradCheckOptions? options = null)
    {
        var (wKey, runKey) = key.Split();
        var output = Diff.Run(f(x), parameters, runKey, training: true);
        if (output.IsFail) return Failed(name, output);
        var w = wKey.Normal<double>(((Var<double>)output).Shape);
        var vjp = Diff.Vjp(f, x, parameters, w, runKey);
        if (vjp.IsFail) return Failed(name, vjp);
        var grads = (VjpResult<double>)vjp;
        double Phi(Tensor<double> xi, Params<double> p) =>
            Diff.Run(f(xi), p, runKey, training: true).Map(y => y.Value.Dot(w)).OrThrow();
        return Compare(name, options ?? GradCheckOptions.Default,
        [
            ("input", x, grads.InputGrad, xi => Phi(xi, parameters)),
            .. parameters.Select(e => (e.Key, e.Value, grads.ParamGrads[e.Key],
                (Func<Tensor<double>, double>)(pi => Phi(x, parameters.With(e.Key, pi))))),
        ]);
    }

    /// <summary>Initialises <paramref name="layer"/> for <paramref name="x"/> and checks input and parameter gradients.</summary>
    public static GradCheckReport Layer(string name, Layer<double> layer, Tensor<double> x, Key key, GradCheckOptions? options = null)
    {
        var (initKey, checkKey) = key.Split();
        return layer.Init(initKey, x).Match(
            p => Function(name, v => layer(v), x, p, checkKey, options),
            e => new GradCheckReport(name, false, null, 0, e.Message));
    }

    private static GradCheckReport Failed<A>(string name, LanguageExt.Fin<A> fin) =>
        new(name, false, null, 0, fin.Match(_ => "", e => e.Message));

    private static GradCheckReport Compare(string name, GradCheckOptions options,
        (string Input, Tensor<double> At, Tensor<double> Pullback, Func<Tensor<double>, double> Phi)[] inputs)
    {
        GradMismatch? worst = null;
        var worstRatio = -1.0;
        var count = 0;
        foreach (var (input, at, pullback, phi) in inputs)
        {
            if (pullback.Shape != at.Shape)
                return new(name, false, null, count, $"pullback for {input} has shape {pullback.Shape}, the input has {at.Shape}");
            for (var i = 0; i < at.Size; i++, count++)
            {
                var expected = FiniteDifference.Partial(phi, at, i, options.Step);
                var got = pullback.Span[i];
                var scale = Math.Max(Math.Abs(got), Math.Abs(expected));
                var error = Math.Abs(got - expected);
                var ratio = error / (options.AbsoluteTolerance + options.RelativeTolerance * scale);   // > 1 fails
                if (!(ratio <= worstRatio)) (worst, worstRatio) = (new(input, Unravel(i, at.Shape), expected, got, error / Math.Max(scale, 1e-300)), ratio);
            }
        }
        var passed = worstRatio <= 1;
        return new(name, passed, worst, count);
    }

    private static int[] Unravel(int flat, Shape shape)
    {
        var index = new int[shape.Rank];
        for (var axis = shape.Rank - 1; axis >= 0; axis--)
        {
            index[axis] = flat % shape[axis];
            flat /= shape[axis];
        }
        return index;
    }
}
