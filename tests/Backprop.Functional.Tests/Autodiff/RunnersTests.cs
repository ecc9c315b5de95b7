using Backprop.Functional.Autodiff;
using Backprop.Functional.Tensors;
using LanguageExt;
using Xunit;
using static Backprop.Functional.Nn<double>;
using static Backprop.Functional.Tests.Autodiff.Errors;

namespace Backprop.Functional.Tests.Autodiff;

/// <summary>
/// Every way to run a program passes on the layer state it is given, and runs in its documented mode. The layer is
/// y = x ⊙ s with s the state "s" = [3, 4], at x = [1, 2]: y = [3, 8], and ∂y/∂x = diag(3, 4).
/// </summary>
public class RunnersTests
{
    private static readonly Tensor<double> X = Tensor.Vector(1.0, 2.0);
    private static readonly Params<double> S = Params<double>.Empty.With("s", Tensor.Vector(3.0, 4.0));
    private static readonly Params<double> None = Params<double>.Empty;

    private static Diff<double, Var<double>> TimesState(Var<double> x) =>
        from s in Diff.ReadState<double>("s", new Shape(2), Tensor<double>.Zeros) from y in Multiply(x, s) select y;

    private static readonly Layer<double> Layer = TimesState;

    private static readonly Dictionary<string, (Func<Params<double>?, Fin<double[]>> Run, double[] Expected)> Runs = new()
    {
        ["Run"] = (s => Diff.Run(TimesState(X), None, state: s).Map(y => y.Value.ToArray()), [3, 8]),
        ["ValueAndGrad"] = (s => Diff.ValueAndGrad(from y in TimesState(X) from l in Sum(y) select l, None, state: s).Map(r => new[] { r.Loss }), [11]),
        ["Vjp"] = (s => Diff.Vjp(TimesState, X, None, Tensor.Vector(1.0, 1.0), state: s).Map(r => r.InputGrad.ToArray()), [3, 4]),
        ["Jvp of a function"] = (s => Diff.Jvp(TimesState, X, Tensor.Vector(1.0, 1.0), None, state: s).Map(r => r.Tangent.ToArray()), [3, 4]),
        ["Jvp of a program"] = (s => Diff.Jvp(TimesState(X), None, None, state: s).Map(r => r.Output.ToArray()), [3, 8]),
        ["Linearize a function"] = (s => Diff.Linearize(TimesState, X, None, state: s).Bind(l => l.Map(Tensor.Vector(1.0, 1.0))).Map(t => t.ToArray()), [3, 4]),
        ["Linearize a program"] = (s => Diff.Linearize(TimesState(X), None, state: s).Map(l => l.Output.ToArray()), [3, 8]),
        ["JacobianForward"] = (s => Diff.JacobianForward(TimesState, X, None, state: s).Map(j => j.ToArray()), [3, 0, 0, 4]),
        ["JacobianReverse"] = (s => Diff.JacobianReverse(TimesState, X, None, state: s).Map(j => j.ToArray()), [3, 0, 0, 4]),
        ["Trace"] = (s => Diff.Trace(Layer, X, None, s).Map(t => t.Output.Value.ToArray()), [3, 8]),
        ["Predict"] = (s => Layer.Predict(None, X, s).Map(y => y.ToArray()), [3, 8]),
    };

    public static TheoryData<string> Runners() => [.. Runs.Keys];

    [Theory, MemberData(nameof(Runners))]
    public void A_runner_reads_the_state_it_is_given(string runner)
    {
        var (run, expected) = Runs[runner];
        Assert.Equal(expected, run(S).Match(v => v, e => throw new Exception($"{runner}: {e.Message}")));
        Assert.Equal("no parameter 's'; the tree has none", MessageOf(run(null)));
    }

    /// <summary>y = 2x while training, 3x in evaluation: the tangent along [1, 1] says which mode ran.</summary>
    private static Diff<double, Var<double>> ByMode(Var<double> x) =>
        from training in IsTraining() from y in Multiply(x, Tensor.Vector(training ? 2.0 : 3.0, training ? 2.0 : 3.0)) select y;

    [Fact]
    public void Forward_mode_runs_in_evaluation_mode_unless_asked()
    {
        var one = Tensor.Vector(1.0, 1.0);
        Assert.Equal([3.0, 3.0], Diff.Jvp(ByMode, X, one, None).OrThrow().Tangent.ToArray());
        Assert.Equal([2.0, 2.0], Diff.Jvp(ByMode, X, one, None, training: true).OrThrow().Tangent.ToArray());
        Assert.Equal([3.0, 6.0], Diff.Jvp(ByMode(X), None, None).OrThrow().Output.ToArray());
        Assert.Equal([2.0, 4.0], Diff.Jvp(ByMode(X), None, None, training: true).OrThrow().Output.ToArray());
        Assert.Equal([3.0, 3.0], Diff.Linearize(ByMode, X, None).OrThrow().Map(one).OrThrow().ToArray());
        Assert.Equal([2.0, 2.0], Diff.Linearize(ByMode, X, None, training: true).OrThrow().Map(one).OrThrow().ToArray());
        Assert.Equal([3.0, 6.0], Diff.Linearize(ByMode(X), None).OrThrow().Output.ToArray());
        Assert.Equal([2.0, 4.0], Diff.Linearize(ByMode(X), None, training: true).OrThrow().Output.ToArray());
        Assert.Equal([3.0, 0.0, 0.0, 3.0], Diff.JacobianForward(ByMode, X, None).OrThrow().ToArray());
        Assert.Equal([2.0, 0.0, 0.0, 2.0], Diff.JacobianForward(ByMode, X, None, training: true).OrThrow().ToArray());
        Assert.Equal([3.0, 0.0, 0.0, 3.0], Diff.JacobianReverse(ByMode, X, None).OrThrow().ToArray());
        Assert.Equal([2.0, 0.0, 0.0, 2.0], Diff.JacobianReverse(ByMode, X, None, training: true).OrThrow().ToArray());
    }

    [Fact]
    public void Vjp_runs_in_training_mode_unless_asked_and_trace_and_predict_in_evaluation()
    {
        var one = Tensor.Vector(1.0, 1.0);
        Assert.Equal([2.0, 2.0], Diff.Vjp(ByMode, X, None, one).OrThrow().InputGrad.ToArray());
        Assert.Equal([3.0, 3.0], Diff.Vjp(ByMode, X, None, one, training: false).OrThrow().InputGrad.ToArray());
        Assert.Equal([3.0, 6.0], Diff.Trace(ByMode, X, None).OrThrow().Output.Value.ToArray());
        Assert.Equal([3.0, 6.0], ((Layer<double>)ByMode).Predict(None, X).OrThrow().ToArray());
    }

    [Fact]
    public void Init_runs_in_training_mode()
    {
        var program = from training in IsTraining()
                      from w in Param(training ? "training" : "evaluation", new Shape(1), (_, s) => Tensor<double>.Zeros(s))
                      select w;
        Assert.Equal(["training"], Diff.Init(program, Key.Create(0)).OrThrow().Paths);
        Assert.Equal(["training"], Diff.InitWithState(program, Key.Create(0)).OrThrow().Params.Paths);
    }

    /// <summary>y = x ⊙ u with u uniform from a fresh key: a program that needs one.</summary>
    private static Diff<double, Var<double>> Noisy(Var<double> x) =>
        from k in FreshKey() from y in Multiply(x, k.Uniform(x.Shape, 1.0, 2.0)) select y;

    [Fact]
    public void Every_runner_passes_on_its_key_and_without_one_names_the_runner_to_pass_it_to()
    {
        var k = Key.Create(4);
        var u = k.Split().Right.Uniform(X.Shape, 1.0, 2.0).ToArray();        // the first key the run hands out
        var one = Tensor.Vector(1.0, 1.0);
        Assert.Equal(u, Diff.Vjp(Noisy, X, None, one, key: k).OrThrow().InputGrad.ToArray());
        Assert.Equal(u, Diff.Jvp(Noisy, X, one, None, key: k).OrThrow().Tangent.ToArray());
        Assert.Equal(u, Diff.Jvp(Noisy(one), None, None, key: k).OrThrow().Output.ToArray());
        Assert.Equal(u, Diff.Linearize(Noisy, X, None, key: k).OrThrow().Map(one).OrThrow().ToArray());
        Assert.Equal(u, Diff.Linearize(Noisy(one), None, key: k).OrThrow().Output.ToArray());
        Assert.Equal(u[0], Diff.JacobianForward(Noisy, X, None, key: k).OrThrow()[0, 0]);
        Assert.Equal(u[1], Diff.JacobianReverse(Noisy, X, None, key: k).OrThrow()[1, 1]);
        Assert.Equal(u.Sum(), Diff.ValueAndGrad(from y in Noisy(one) from l in Sum(y) select l, None, key: k).OrThrow().Loss, 12);
        Assert.Equal("the program needs a key: pass one to ValueAndGrad", MessageOf(Diff.Vjp(Noisy, X, None, one)));
        Assert.Equal("the program needs a key: pass one to Run", MessageOf(Diff.Jvp(Noisy, X, one, None)));
    }

    [Fact]
    public void Tangents_that_do_not_fit_are_errors_naming_the_path_and_both_shapes()
    {
        var p = Params<double>.Empty.With("w", Tensor.Vector(1.0, 2.0));
        var program = from w in Param("w", new Shape(2), (_, s) => Tensor<double>.Zeros(s)) from y in Multiply(w, X) select y;
        var wrongPath = Params<double>.Empty.With("v", Tensor.Vector(1.0, 1.0));
        var wrongShape = Params<double>.Empty.With("w", Tensor.Vector(1.0));
        Assert.Equal("a tangent is given for 'v' but the parameters have no such path", MessageOf(Diff.Jvp(program, p, wrongPath)));
        Assert.Equal("the tangent of 'w' has shape [1] but the parameter has [2]", MessageOf(Diff.Jvp(program, p, wrongShape)));
        var lin = Diff.Linearize(program, p).OrThrow();
        Assert.Equal("a tangent is given for 'v' but the parameters have no such path", MessageOf(lin.Map(wrongPath)));
        Assert.Equal([1.0, 2.0], lin.Map(Params<double>.Empty.With("w", Tensor.Vector(1.0, 1.0))).OrThrow().ToArray());
        Assert.Equal("the tangent has shape [3] but the input has [2]", MessageOf(Diff.Jvp(TimesState, X, Tensor.Vector(1.0, 1.0, 1.0), None, state: S)));
        Assert.Equal("the tangent has shape [3] but the input has [2]", MessageOf(Diff.Linearize(TimesState, X, None, state: S).OrThrow().Map(Tensor.Vector(1.0, 1.0, 1.0))));
    }
}
