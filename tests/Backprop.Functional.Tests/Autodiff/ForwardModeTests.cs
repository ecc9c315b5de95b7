using Backprop.Functional.Autodiff;
using Backprop.Functional.Tensors;
using Backprop.Functional.Testing;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Xunit;
using static Backprop.Functional.Nn<double>;

namespace Backprop.Functional.Tests.Autodiff;

/// <summary>Forward mode through whole programs: Jvp, Linearize and the two Jacobians, over generated networks and shapes.</summary>
public class ForwardModeTests
{
    private static Layer<double> Net(int hidden, int outputs) => Dense(hidden).Then(Tanh).Then(Dense(outputs)).Then(Softmax);

    private static double MaxAbsDiff(Tensor<double> a, Tensor<double> b) => (a - b).MaxAbs();

    /// <summary>Forward mode (a column per input) and reverse mode (a row per output) give the same Jacobian.</summary>
    [Property(MaxTest = 30)]
    public Property Forward_and_reverse_jacobians_agree() =>
        Prop.ForAll(Arbitraries.Dims(4), Arbitraries.Key(), (d, key) =>
        {
            var (batch, inputs, hidden, outputs) = (d[0], d[1], d[2] + 1, d[3] + 1);
            var x = BuiltIns.Input(key, 0, batch, inputs);
            var net = Net(hidden, outputs);
            var p = net.Init(key.FoldIn(9), x).OrThrow();
            var forward = Diff.JacobianForward(v => net(v), x, p).OrThrow();
            var reverse = Diff.JacobianReverse(v => net(v), x, p).OrThrow();
            var scale = Math.Max(1, reverse.MaxAbs());
            return (forward.Shape == new Shape(batch * outputs, batch * inputs) && MaxAbsDiff(forward, reverse) <= 1e-13 * scale)
                .Label($"shape {forward.Shape}, max |forward − reverse| = {MaxAbsDiff(forward, reverse):E2}");
        });

    /// <summary>Jvp agrees with the finite difference of the forward run, for input and parameter tangents together.</summary>
    [Property(MaxTest = 30)]
    public Property Jvp_matches_finite_differences_of_the_forward_run() =>
        Prop.ForAll(Arbitraries.Dims(3), Arbitraries.Key(), (d, key) =>
        {
            var x = BuiltIns.Input(key, 0, d[0], d[1]);
            var net = Net(d[2] + 1, 3);
            var p = net.Init(key.FoldIn(9), x).OrThrow();
            var v = key.FoldIn(1).Normal<double>(x.Shape);
            var u = p.MapWithPath((path, t) => key.FoldIn(path.GetHashCode()).Normal<double>(t.Shape));
            var jvp = Diff.Jvp(w => net(w), x, v, p, parameterTangents: u).OrThrow();
            const double h = 1e-6;
            Tensor<double> At(double t) => Diff.Run(net(x.AddScaled(v, t)), p + t * u).OrThrow().Value;
            var difference = (At(h) - At(-h)) / (2 * h);
            var error = MaxAbsDiff(jvp.Tangent, difference);
            return (MaxAbsDiff(jvp.Output, At(0)) == 0 && error <= 1e-7 * Math.Max(1, difference.MaxAbs())).Label($"error {error:E2}");
        });

    /// <summary>The linearised map is linear, equals Jvp, and is reusable: the same map gives every tangent's answer.</summary>
    [Property(MaxTest = 30)]
    public Property Linearize_is_reusable_and_equals_jvp() =>
        Prop.ForAll(Arbitraries.Dims(3), Arbitraries.Key(), (d, key) =>
        {
            var x = BuiltIns.Input(key, 0, d[0], d[1]);
            var net = Net(d[2] + 1, 2);
            var p = net.Init(key.FoldIn(9), x).OrThrow();
            var lin = Diff.Linearize(w => net(w), x, p).OrThrow();
            var (a, b) = (key.FoldIn(1).Normal<double>(x.Shape), key.FoldIn(2).Normal<double>(x.Shape));
            var (la, lb, lab) = (lin.Map(a).OrThrow(), lin.Map(b).OrThrow(), lin.Map(a + 2.0 * b).OrThrow());
            var jvp = Diff.Jvp(w => net(w), x, a, p).OrThrow();
            return (MaxAbsDiff(la, jvp.Tangent) <= 1e-14 && MaxAbsDiff(lab, la + 2.0 * lb) <= 1e-13 && MaxAbsDiff(lin.Output, jvp.Output) == 0)
                .Label($"|map − jvp| = {MaxAbsDiff(la, jvp.Tangent):E2}, linearity {MaxAbsDiff(lab, la + 2.0 * lb):E2}");
        });

    /// <summary>A scalar loss's Jvp along u is ⟨∇loss, u⟩: forward mode and the gradient agree on the parameters.</summary>
    [Property(MaxTest = 30)]
    public Property Jvp_of_a_loss_is_the_gradient_dotted_with_the_tangent() =>
        Prop.ForAll(Arbitraries.Dims(2), Arbitraries.Key(), (d, key) =>
        {
            var x = BuiltIns.Input(key, 0, d[0], d[1]);
            var targets = Diff.Run(Softmax(BuiltIns.Input(key, 1, d[0], 3)), Params<double>.Empty).OrThrow().Value;
            var net = Dense(4).Then(Relu).Then(Dense(3));
            var p = net.Init(key.FoldIn(9), x).OrThrow();
            var loss = from y in net(x) from l in SoftmaxCrossEntropy(y, targets) select l;
            var u = p.MapWithPath((path, t) => key.FoldIn(path.Length).Normal<double>(t.Shape));
            var jvp = Diff.Jvp(loss, p, u).OrThrow().Tangent.ToScalar();
            var grad = Diff.ValueAndGrad(loss, p).OrThrow().Grads.Dot(u);
            return (Math.Abs(jvp - grad) <= 1e-12 * Math.Max(1, Math.Abs(grad))).Label($"jvp {jvp:G17}, ⟨∇, u⟩ {grad:G17}");
        });

    /// <summary>Linearising a program of its parameters gives the map Jvp computes, for every tangent tree.</summary>
    [Property(MaxTest = 30)]
    public Property Linearize_over_parameters_equals_jvp() =>
        Prop.ForAll(Arbitraries.Dims(3), Arbitraries.Key(), (d, key) =>
        {
            var x = BuiltIns.Input(key, 0, d[0], d[1]);
            var net = Net(d[2] + 1, 2);
            var p = net.Init(key.FoldIn(9), x).OrThrow();
            var program = net(x);
            var lin = Diff.Linearize(program, p).OrThrow();
            var u = p.MapWithPath((path, t) => key.FoldIn(path.Length + 3).Normal<double>(t.Shape));
            var error = MaxAbsDiff(lin.Map(u).OrThrow(), Diff.Jvp(program, p, u).OrThrow().Tangent);
            return (error <= 1e-14).Label($"|map − jvp| = {error:E2}");
        });

    [Fact]
    public void A_tangent_of_the_wrong_shape_is_an_error_naming_both_shapes()
    {
        var x = Tensor<double>.Zeros(new Shape(2, 3));
        var net = Net(4, 2);
        var p = net.Init(Key.Create(1), x).OrThrow();
        var e = Diff.Jvp(v => net(v), x, Tensor<double>.Zeros(new Shape(3, 2)), p).Match(_ => "", err => err.Message);
        Assert.Contains("[3, 2]", e);
        Assert.Contains("[2, 3]", e);
    }

    [Fact]
    public void A_pullback_only_rule_in_forward_mode_is_an_error_naming_it()
    {
        var x = Tensor<double>.Ones(new Shape(2));
        var program = Diff.Lift<double>("my_rule", t => new(t, dy => dy), x);
        var e = Diff.Jvp(v => Diff.Lift<double>("my_rule", t => new(t, dy => dy), v), x, x, Params<double>.Empty).Match(_ => "", err => err.Message);
        Assert.Contains("my_rule gives a pullback only", e);
    }
}
