using Backprop.Functional.Autodiff;
using Backprop.Functional.Tensors;
using Xunit;
using static Backprop.Functional.Nn<double>;

namespace Backprop.Functional.Tests.Autodiff;

/// <summary>
/// The vars a gradient run returns as its auxiliary output keep their numbers after later runs reuse the run's memory,
/// in whatever value holds them; a var that expired stays expired when a later run returns it.
/// </summary>
public class AuxOutputTests
{
    private static readonly Key K = Key.Create(21);
    private static readonly Tensor<double> X = K.Normal<double>(new Shape(6, 4));
    private static readonly Layer<double> Net = Dense(5).Then(Tanh).Then(Dense(3));
    private static readonly Params<double> P = Net.Init(K, X).OrThrow();
    private static readonly double[] Expected = Net.Predict(P, X).OrThrow().ToArray();

    private static void RunOthers()
    {
        for (var i = 0; i < 3; i++)
            Diff.ValueAndGrad(from y in Net(K.FoldIn(i).Normal<double>(X.Shape)) from l in Mean(y) select l, P).OrThrow();
    }

    private static A AuxOf<A>(Func<Var<double>, A> aux)
    {
        var result = Diff.ValueAndGrad(from y in Net(X) from l in Mean(y) select (l, aux(y)), P).OrThrow().Aux;
        RunOthers();
        return result;
    }

    [Fact]
    public void A_var_in_a_tuple_keeps_its_numbers()
    {
        var (y, name, n) = AuxOf(y => (y, "logits", 3));
        Assert.Equal(Expected, y.Value.ToArray());
        Assert.Equal(("logits", 3), (name, n));
    }

    [Fact]
    public void A_var_in_nested_tuples_keeps_its_numbers()
    {
        var (_, (_, (y, _))) = AuxOf(y => (1, (2.5, (y, RunMode.Apply))));
        Assert.Equal(Expected, y.Value.ToArray());
    }

    [Fact]
    public void A_var_in_a_collection_keeps_its_numbers()
    {
        var list = AuxOf(y => new List<Var<double>> { y });
        Assert.Equal(Expected, list[0].Value.ToArray());
        var boxed = AuxOf(y => (object)y);
        Assert.Equal(Expected, ((Var<double>)boxed).Value.ToArray());
    }

    [Fact]
    public void Tensors_and_parameters_in_the_aux_output_keep_their_numbers()
    {
        var (t, p) = AuxOf(y => (y.Value, P));
        Assert.Equal(Expected, t.ToArray());
        Assert.Same(P, p);
    }

    [Fact]
    public void A_var_that_expired_stays_expired_when_a_later_run_returns_it()
    {
        Var<double>? hidden = null;
        Diff.ValueAndGrad(from y in Net(X) let _ = hidden = y from l in Mean(y) select l, P).OrThrow();
        var returned = Diff.ValueAndGrad(from l in Sum(Tensor.Vector(1.0)) select (l, hidden!), P).OrThrow().Aux;
        RunOthers();
        var e = Assert.Throws<InvalidOperationException>(() => returned.Value);
        Assert.StartsWith($"this Var{returned.Shape} was read after its run ended", e.Message);
    }

    [Fact]
    public void A_value_read_inside_the_run_keeps_its_numbers()
    {
        Tensor<double>? read = null;
        Diff.ValueAndGrad(from h in Dense(5)(X) let _ = read = h.Value from t in Tanh(h) from l in Mean(t) select l,
            Diff.Init(from h in Dense(5)(X) select h, K).OrThrow()).OrThrow();
        var copy = read!.ToArray();
        RunOthers();
        Assert.Equal(copy, read.ToArray());
    }
}
