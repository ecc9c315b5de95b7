using Backprop.Functional.Autodiff;
using Backprop.Functional.Rules;
using Backprop.Functional.Tensors;

namespace Backprop.Functional.Testing;

public static partial class GradCheck
{
    /// <summary>The machine epsilon of float, 2⁻²³: what the step and tolerances of a float check are derived from.</summary>
    public const double FloatEpsilon = 1.1920928955078125e-7;

    /// <summary>
    /// Checks a float rule at <paramref name="x"/>: its pullback, run in float, against finite differences of its
    /// forward, run in float, with the step and tolerances derived from float's epsilon (see <see cref="GradCheckOptions"/>).
    /// </summary>
    public static GradCheckReport Rule(string name, Func<Tensor<float>, Pulled<Tensor<float>, Tensor<float>>> rule,
        Tensor<float> x, Key key, GradCheckOptions? options = null)
    {
        Pulled<Tensor<float>, IReadOnlyList<Tensor<float>>> AsMany(IReadOnlyList<Tensor<float>> xs)
        {
            var p = rule(xs[0]);
            return new(p.Value, dy => [p.Pullback(dy)]) { Pushforward = p.Pushforward is { } push ? dxs => push(dxs[0]) : null };
        }
        return Rule(name, AsMany, [x], key, options, ["x"]);
    }

    /// <summary>Checks every pullback of a float rule of any number of inputs, as the double version does, at float's tolerances.</summary>
    public static GradCheckReport Rule(string name, Func<IReadOnlyList<Tensor<float>>, Pulled<Tensor<float>, IReadOnlyList<Tensor<float>>>> rule,
        IReadOnlyList<Tensor<float>> inputs, Key key, GradCheckOptions? options = null, IReadOnlyList<string>? names = null)
    {
        var labels = names ?? [.. inputs.Select((_, i) => $"x{i}")];
        if (labels.Count != inputs.Count) throw new ArgumentException($"{labels.Count} names for {inputs.Count} inputs", nameof(names));
        static IReadOnlyList<Tensor<float>> Narrow(IReadOnlyList<Tensor<double>> xs) => [.. xs.Select(x => x.Cast<float>())];
        Tensor<double> Forward(IReadOnlyList<Tensor<double>> xs) => rule(Narrow(xs)).Value.Cast<double>();
        IReadOnlyList<Tensor<double>> Pullback(IReadOnlyList<Tensor<double>> xs, Tensor<double> w)
        {
            var grads = rule(Narrow(xs)).Pullback(w.Cast<float>());
            return grads.Count == xs.Count ? [.. grads.Select(g => g.Cast<double>())]
                : throw new ShapeException($"the rule has {xs.Count} inputs but its pullback returned {grads.Count} cotangents");
        }
        Tensor<double> Pushforward(IReadOnlyList<Tensor<double>> xs, IReadOnlyList<Tensor<double>> dxs) =>
            rule(Narrow(xs)).Pushforward!(Narrow(dxs)).Cast<double>();
        var given = rule(inputs).Pushforward is not null;
        return Check(new(name, [.. labels.Zip(inputs.Select(x => x.Cast<double>()))], Forward, Pullback, FloatEpsilon, given ? Pushforward : null),
            key, options ?? GradCheckOptions.Default);
    }

    /// <summary>
    /// Checks a float program y = f(x; params) as <see cref="Function(string, Func{Var{double}, Diff{double, Var{double}}}, Tensor{double}, Params{double}, Key, GradCheckOptions?, Params{double}?)"/>
    /// does, running it in float: for a float-only layer, at float's tolerances.
    /// </summary>
    public static GradCheckReport Function(string name, Func<Var<float>, Diff<float, Var<float>>> f, Tensor<float> x,
        Params<float> parameters, Key key, GradCheckOptions? options = null, Params<float>? state = null)
    {
        var o = options ?? GradCheckOptions.Default;
        var (checkKey, runKey) = key.Split();
        var paths = parameters.Paths.ToArray();
        Params<float> With(IReadOnlyList<Tensor<double>> xs) =>
            paths.Select((p, i) => (p, i)).Aggregate(parameters, (acc, e) => acc.With(e.p, xs[e.i + 1].Cast<float>()));
        Tensor<double> Forward(IReadOnlyList<Tensor<double>> xs) =>
            Diff.Run(f(xs[0].Cast<float>()), With(xs), runKey, o.Training, state).Map(y => y.Value.Cast<double>()).OrThrow();
        IReadOnlyList<Tensor<double>> Pullback(IReadOnlyList<Tensor<double>> xs, Tensor<double> w) =>
            Diff.Vjp(f, xs[0].Cast<float>(), With(xs), w.Cast<float>(), runKey, o.Training, state)
                .Map(r => (IReadOnlyList<Tensor<double>>)[r.InputGrad.Cast<double>(), .. paths.Select(p => r.ParamGrads[p].Cast<double>())]).OrThrow();
        Tensor<double> Pushforward(IReadOnlyList<Tensor<double>> xs, IReadOnlyList<Tensor<double>> dxs) =>
            Diff.Jvp(f, xs[0].Cast<float>(), dxs[0].Cast<float>(), With(xs), runKey, o.Training, state,
                Params<float>.From(paths.Select((p, i) => KeyValuePair.Create(p, dxs[i + 1].Cast<float>())))).Map(r => r.Tangent.Cast<double>()).OrThrow();
        var forward = Diff.Jvp(f, x, Tensor<float>.Zeros(x.Shape), parameters, runKey, o.Training, state, parameters.ZerosLike());
        return Check(new(name, [("input", x.Cast<double>()), .. paths.Select(p => (p, parameters[p].Cast<double>()))], Forward, Pullback, FloatEpsilon,
            forward.IsSucc ? Pushforward : null, forward.Match(_ => "", e => $"not available ({e.Message})")), checkKey, o) with { Replay = ReplayOf(key) };
    }

    /// <summary>Initialises a float <paramref name="layer"/> for <paramref name="x"/> and checks its gradients in float.</summary>
    public static GradCheckReport Layer(string name, Layer<float> layer, Tensor<float> x, Key key, GradCheckOptions? options = null)
    {
        var (initKey, checkKey) = key.Split();
        return Diff.InitWithState(layer(x), initKey).Match(
            init => Function(name, v => layer(v), x, init.Params, checkKey, options, init.State) with { Replay = ReplayOf(key) },
            e => new GradCheckReport(name, false, null, 0, e.Message) { Inputs = $"input {x.Shape}", Replay = ReplayOf(key) });
    }
}
