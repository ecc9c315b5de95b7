using Backprop.Functional.Autodiff;
using Backprop.Functional.Rules;
using Backprop.Functional.Tensors;
using FsCheck;
using FsCheck.Fluent;

namespace Backprop.Functional.Testing;

public static partial class GradCheck
{
    /// <summary>
    /// The one-line property for a layer: over generated batch sizes (1..<paramref name="inputShape"/>[0],
    /// shrinking to 1; the feature axes stay as given) and keys, the layer's input and parameter gradients
    /// are right. A failure names the case's key and input shape, and FsCheck adds its replay seed.
    /// </summary>
    public static Property Layer(string name, Layer<double> layer, Shape inputShape, GradCheckOptions? options = null) =>
        Layer(name, layer, Arbitraries.Batch(inputShape), options);

    /// <summary>As above, with the input shapes from <paramref name="shapes"/>.</summary>
    public static Property Layer(string name, Layer<double> layer, Arbitrary<Shape> shapes, GradCheckOptions? options = null) =>
        Prop.ForAll(shapes, Arbitraries.Key(), (shape, key) =>
        {
            var (xKey, checkKey) = key.Split();
            return Replayed(Layer(name, layer, Arbitraries.WellConditioned(xKey, shape), checkKey, options), key, shape).ToProperty();
        });

    /// <summary>
    /// The one-line property for a one-input rule: over shapes with each axis in 1..<paramref name="maxShape"/>
    /// (shrinking towards 1) and keys, the pullback is right.
    /// </summary>
    public static Property Rule(string name, Func<Tensor<double>, Pulled<Tensor<double>, Tensor<double>>> rule, Shape maxShape,
        GradCheckOptions? options = null) =>
        Prop.ForAll(Arbitraries.ShapeUpTo(maxShape), Arbitraries.Key(), (shape, key) =>
        {
            var (xKey, checkKey) = key.Split();
            return Replayed(Rule(name, rule, Arbitraries.WellConditioned(xKey, shape), checkKey, options), key, shape).ToProperty();
        });

    private static GradCheckReport Replayed(GradCheckReport report, Key key, Shape shape) =>
        report with { Replay = $"case key new Key(0x{key.Value:X16}UL), input shape {shape} (input from key.Split().Left, check with key.Split().Right)" };
}
