using Backprop.Functional.Autodiff;
using Backprop.Functional.Rules;
using Backprop.Functional.Tensors;

namespace Backprop.Functional.Testing;

/// <summary>
/// Checks pullbacks in double, one call per rule or layer (like ChainRulesTestUtils' test_rrule). The
/// output is reduced to a scalar with a random cotangent w, φ(x) = ⟨w, f(x)⟩, so the pullback of w must
/// be ∇φ for every input and parameter. Checks: element-wise finite differences (small inputs),
/// directional (adjoint) test, Taylor remainder rate, linearity of the pullback, purity; points near a
/// kink are skipped and counted. Float rules and layers have overloads of their own that run them in float,
/// at tolerances derived from float's epsilon (see <see cref="GradCheckOptions"/>).
/// </summary>
public static partial class GradCheck
{
    /// <summary>Checks a one-input rule at <paramref name="x"/>.</summary>
    public static GradCheckReport Rule(string name, Func<Tensor<double>, Pulled<Tensor<double>, Tensor<double>>> rule,
        Tensor<double> x, Key key, GradCheckOptions? options = null)
    {
        var pulled = rule(x);
        IReadOnlyList<Tensor<double>> Pullback(IReadOnlyList<Tensor<double>> xs, Tensor<double> w) =>
            [ReferenceEquals(xs[0], x) ? pulled.Pullback(w) : rule(xs[0]).Pullback(w)];
        Tensor<double> Pushforward(IReadOnlyList<Tensor<double>> xs, IReadOnlyList<Tensor<double>> dxs) =>
            (ReferenceEquals(xs[0], x) ? pulled : rule(xs[0])).Pushforward!(dxs[0]);
        return Check(new(name, [("x", x)], xs => rule(xs[0]).Value, Pullback, Pushforward: pulled.Pushforward is null ? null : Pushforward),
            key, options ?? GradCheckOptions.Default);
    }

    /// <summary>Checks both pullbacks of a two-input rule at (<paramref name="x"/>, <paramref name="y"/>).</summary>
    public static GradCheckReport Rule(string name, Func<Tensor<double>, Tensor<double>, Pulled2<Tensor<double>, Tensor<double>, Tensor<double>>> rule,
        Tensor<double> x, Tensor<double> y, Key key, GradCheckOptions? options = null)
    {
        var pulled = rule(x, y);
        IReadOnlyList<Tensor<double>> Pullback(IReadOnlyList<Tensor<double>> xs, Tensor<double> w)
        {
            var p = ReferenceEquals(xs[0], x) && ReferenceEquals(xs[1], y) ? pulled : rule(xs[0], xs[1]);
            return [p.PullbackX(w), p.PullbackY(w)];
        }
        Tensor<double> Pushforward(IReadOnlyList<Tensor<double>> xs, IReadOnlyList<Tensor<double>> dxs)
        {
            var p = ReferenceEquals(xs[0], x) && ReferenceEquals(xs[1], y) ? pulled : rule(xs[0], xs[1]);
            return p.PushforwardX!(dxs[0]) + p.PushforwardY!(dxs[1]);
        }
        var both = pulled.PushforwardX is not null && pulled.PushforwardY is not null;
        return Check(new(name, [("x", x), ("y", y)], xs => rule(xs[0], xs[1]).Value, Pullback, Pushforward: both ? Pushforward : null),
            key, options ?? GradCheckOptions.Default);
    }

    /// <summary>
    /// Checks a whole program y = f(x; params): the input gradient and every parameter's gradient,
    /// through the tape (<see cref="Diff.Vjp{T}"/>). Runs in training mode by default, with a fixed key,
    /// so keyed layers (dropout) use the same randomness in every evaluation; layer state (batch-norm
    /// statistics) is passed in as <paramref name="state"/> and is the same for every evaluation.
    /// </summary>
    public static GradCheckReport Function(string name, Func<Var<double>, Diff<double, Var<double>>> f, Tensor<double> x,
        Params<double> parameters, Key key, GradCheckOptions? options = null, Params<double>? state = null)
    {
        var o = options ?? GradCheckOptions.Default;
        var (checkKey, runKey) = key.Split();
        var paths = parameters.Paths.ToArray();
        Params<double> With(IReadOnlyList<Tensor<double>> xs) =>
            paths.Select((p, i) => (p, i)).Aggregate(parameters, (acc, e) => acc.With(e.p, xs[e.i + 1]));
        Tensor<double> Forward(IReadOnlyList<Tensor<double>> xs) =>
            Diff.Run(f(xs[0]), With(xs), runKey, o.Training, state).Map(y => y.Value).OrThrow();
        IReadOnlyList<Tensor<double>> Pullback(IReadOnlyList<Tensor<double>> xs, Tensor<double> w) =>
            Diff.Vjp(f, xs[0], With(xs), w, runKey, o.Training, state)
                .Map(r => (IReadOnlyList<Tensor<double>>)[r.InputGrad, .. paths.Select(p => r.ParamGrads[p])]).OrThrow();
        Tensor<double> Pushforward(IReadOnlyList<Tensor<double>> xs, IReadOnlyList<Tensor<double>> dxs) =>
            Diff.Jvp(f, xs[0], dxs[0], With(xs), runKey, o.Training, state,
                Params<double>.From(paths.Select((p, i) => KeyValuePair.Create(p, dxs[i + 1])))).Map(r => r.Tangent).OrThrow();
        // forward mode runs only when every rule on the way gives a pushforward: a zero tangent finds out
        var forward = Diff.Jvp(f, x, Tensor<double>.Zeros(x.Shape), parameters, runKey, o.Training, state, parameters.ZerosLike());
        var why = forward.Match(_ => "", e => $"not available ({e.Message})");
        return Check(new(name, [("input", x), .. paths.Select(p => (p, parameters[p]))], Forward, Pullback,
            Pushforward: forward.IsSucc ? Pushforward : null, WhyNoPushforward: why), checkKey, o) with { Replay = ReplayOf(key) };
    }

    /// <summary>
    /// Initialises <paramref name="layer"/> for <paramref name="x"/> (parameters and state) and checks
    /// input and parameter gradients.
    /// </summary>
    public static GradCheckReport Layer(string name, Layer<double> layer, Tensor<double> x, Key key, GradCheckOptions? options = null)
    {
        var (initKey, checkKey) = key.Split();
        return Diff.InitWithState(layer(x), initKey).Match(
            init => Function(name, v => layer(v), x, init.Params, checkKey, options, init.State) with { Replay = ReplayOf(key) },
            e => new GradCheckReport(name, false, null, 0, e.Message) { Inputs = $"input {x.Shape}", Replay = ReplayOf(key) });
    }
}
