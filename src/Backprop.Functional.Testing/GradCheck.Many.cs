using Backprop.Functional.Rules;
using Backprop.Functional.Tensors;
using FsCheck;
using FsCheck.Fluent;

namespace Backprop.Functional.Testing;

public static partial class GradCheck
{
    /// <summary>
    /// Checks every pullback of a rule of any number of inputs at <paramref name="inputs"/>: the rule's pullback must
    /// return one cotangent per input, in order. Failures name the input by <paramref name="names"/> (default x0, x1, ...).
    /// </summary>
    public static GradCheckReport Rule(string name, Func<IReadOnlyList<Tensor<double>>, Pulled<Tensor<double>, IReadOnlyList<Tensor<double>>>> rule,
        IReadOnlyList<Tensor<double>> inputs, Key key, GradCheckOptions? options = null, IReadOnlyList<string>? names = null)
    {
        var labels = names ?? [.. inputs.Select((_, i) => $"x{i}")];
        if (labels.Count != inputs.Count) throw new ArgumentException($"{labels.Count} names for {inputs.Count} inputs", nameof(names));
        var pulled = rule(inputs);
        IReadOnlyList<Tensor<double>> Pullback(IReadOnlyList<Tensor<double>> xs, Tensor<double> w)
        {
            var grads = (xs.Select((x, i) => ReferenceEquals(x, inputs[i])).All(b => b) ? pulled : rule(xs)).Pullback(w);
            return grads.Count == xs.Count ? grads
                : throw new ShapeException($"the rule has {xs.Count} inputs but its pullback returned {grads.Count} cotangents");
        }
        Tensor<double> Pushforward(IReadOnlyList<Tensor<double>> xs, IReadOnlyList<Tensor<double>> dxs) =>
            (xs.Select((x, i) => ReferenceEquals(x, inputs[i])).All(b => b) ? pulled : rule(xs)).Pushforward!(dxs);
        return Check(new(name, [.. labels.Zip(inputs)], xs => rule(xs).Value, Pullback, Pushforward: pulled.Pushforward is null ? null : Pushforward),
            key, options ?? GradCheckOptions.Default);
    }

    /// <summary>
    /// The one-line property for a rule of any number of inputs at fixed shapes: over keys, each giving fresh
    /// well-conditioned inputs, every pullback is right.
    /// </summary>
    public static Property Rule(string name, Func<IReadOnlyList<Tensor<double>>, Pulled<Tensor<double>, IReadOnlyList<Tensor<double>>>> rule,
        IReadOnlyList<Shape> shapes, GradCheckOptions? options = null, IReadOnlyList<string>? names = null) =>
        Prop.ForAll(Arbitraries.Key(), key =>
        {
            var (xKey, checkKey) = key.Split();
            IReadOnlyList<Tensor<double>> inputs = [.. shapes.Select((s, i) => Arbitraries.WellConditioned(xKey.FoldIn(i), s))];
            var report = Rule(name, rule, inputs, checkKey, options, names);
            return (report with { Replay = $"case key new Key(0x{key.Value:X16}UL), input shapes {string.Join(", ", shapes)} (input i from key.Split().Left.FoldIn(i), check with key.Split().Right)" }).ToProperty();
        });
}
