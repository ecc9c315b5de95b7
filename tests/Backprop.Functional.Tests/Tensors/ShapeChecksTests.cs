using Backprop.Functional.Tensors;
using Xunit;
using static Backprop.Functional.Tests.ShapeCases;

namespace Backprop.Functional.Tests.Tensors;

/// <summary>The tensor operations' shape checks, fed each shape they exist to reject and the boundaries they accept.</summary>
public class ShapeChecksTests
{
    public static TheoryData<string, Action> Rejected => Cases(
        ("shape: a negative dimension", () => _ = new Shape(2, -1)),
        ("create: too few values", () => Tensor.Create(new Shape(2, 2), 1.0, 2.0, 3.0)),
        ("matrix: ragged rows", () => Tensor.Matrix(new[] { new[] { 1.0, 2.0 }, new[] { 3.0 } })),
        ("to-scalar: two elements", () => Z(2).ToScalar()),
        ("to-scalar: no elements", () => Z(0).ToScalar()),
        ("reshape: another size", () => Z(2, 3).Reshape(new Shape(4))),
        ("index: rank too small", () => _ = Z(2, 3)[1]),
        ("index: rank too large", () => _ = Z(2, 3)[1, 1, 0]),
        ("index: past the axis", () => _ = Z(2, 3)[2, 0]),
        ("index: negative", () => _ = Z(2, 3)[0, -1]),
        ("permute: too few axes", () => Z(2, 3, 4).Permute(1, 0)),
        ("permute: an axis twice", () => Z(2, 3).Permute(0, 0)),
        ("permute: an axis past the last", () => Z(2, 3).Permute(0, 2)),
        ("permute: an axis before the first", () => Z(2, 3).Permute(0, -3)),
        ("matmul: a of rank 1", () => Z(3).MatMul(Z(3, 2))),
        ("matmul: b of rank 1", () => Z(2, 3).MatMul(Z(3))),
        ("matmul: inner sizes differ", () => Z(2, 3).MatMul(Z(2, 3))),
        ("matmul: leading axes differ", () => Z(2, 2, 3).MatMul(Z(3, 3, 4))),
        ("slice: negative start", () => Z(2, 3).Slice(1, -1, 1)),
        ("slice: negative count", () => Z(2, 3).Slice(1, 0, -1)),
        ("slice: past the end", () => Z(2, 3).Slice(1, 2, 2)),
        ("slice: an axis past the last", () => Z(2, 3).Slice(2, 0, 1)),
        ("slice: an axis before the first", () => Z(2, 3).Slice(-3, 0, 1)),
        ("concat: nothing", () => Tensor<double>.Concat(0)),
        ("concat: ranks differ", () => Tensor<double>.Concat(0, Z(2, 3), Z(2))),
        ("concat: another axis differs", () => Tensor<double>.Concat(0, Z(2, 3), Z(2, 4))),
        ("sum-to: a shape that does not broadcast", () => Z(2, 3).SumTo(new Shape(2))),
        ("broadcast-to: a shape it does not broadcast to", () => Z(2, 3).BroadcastTo(new Shape(3, 3))),
        ("broadcast: axes of 2 and 3", () => Shape.Broadcast(new Shape(2, 3), new Shape(3, 3))),
        ("max: an empty axis", () => Z(2, 0).Max(1)),
        ("min: an empty axis", () => Z(0, 2).Min(0)),
        ("sum: an axis past the last", () => Z(2, 3).Sum(2)),
        ("add: shapes that do not broadcast", () => _ = Z(2, 3) + Z(2, 2)));

    [Theory]
    [MemberData(nameof(Rejected))]
    public void Rejects_the_shapes_it_checks_with_a_shape_error(string name, Action act)
    {
        Assert.NotNull(name);
        Assert.Throws<ShapeException>(act);
    }

    public static TheoryData<string, Action> Accepted => Cases(
        ("shape: a zero dimension", () => _ = new Shape(2, 0)),
        ("index: the last element", () => _ = Z(2, 3)[1, 2]),
        ("index: the first element", () => _ = Z(2, 3)[0, 0]),
        ("permute: axes counted from the end", () => Z(2, 3).Permute(-1, -2)),
        ("matmul: rank 2", () => Z(2, 3).MatMul(Z(3, 4))),
        ("matmul: batched with a shared matrix", () => Z(5, 2, 3).MatMul(Z(3, 4))),
        ("matmul: batched", () => Z(5, 2, 3).MatMul(Z(5, 3, 4))),
        ("slice: start 0 up to the end", () => Z(2, 3).Slice(1, 0, 3)),
        ("slice: count 0", () => Z(2, 3).Slice(1, 3, 0)),
        ("slice: the first axis counted from the end", () => Z(2, 3).Slice(-2, 1, 1)),
        ("concat: one part", () => Tensor<double>.Concat(0, Z(2, 3))),
        ("sum-to: a stretched axis", () => Z(2, 3).SumTo(new Shape(1, 3))),
        ("max: an axis of one", () => Z(2, 1).Max(1)),
        ("sum: an empty axis", () => Z(2, 0).Sum(1)));

    [Theory]
    [MemberData(nameof(Accepted))]
    public void Accepts_the_boundary_shapes(string name, Action act)
    {
        Assert.NotNull(name);
        act();
    }

    [Fact]
    public void Batched_matmul_multiplies_each_batch_by_its_own_matrix()
    {
        var a = Tensor.Create(new Shape(2, 1, 2), 1.0, 2.0, 3.0, 4.0);
        var b = Tensor.Create(new Shape(2, 2, 1), 1.0, 1.0, 2.0, -1.0);
        Assert.Equal([3.0, 2.0], a.MatMul(b).ToArray());            // [1 2]·[1 1]ᵀ = 3, [3 4]·[2 −1]ᵀ = 2
    }

    [Fact]
    public void Batched_matmul_with_a_shared_matrix_uses_it_for_every_batch()
    {
        var a = Tensor.Create(new Shape(2, 1, 2), 1.0, 2.0, 3.0, 4.0);
        var b = Tensor.Create(new Shape(2, 1), 1.0, -1.0);
        Assert.Equal([-1.0, -1.0], a.MatMul(b).ToArray());
    }

    private static TheoryData<string, Action> Named(params (string Message, Action Act)[] cases) => Cases(cases);

    /// <summary>Each operation names itself in its shape error, with the shapes (or the axis) that did not fit.</summary>
    public static TheoryData<string, Action> Messages => Named(
        ("'+' cannot broadcast [2, 3] and [3, 2]: axis -1 has 3 and 2 (each must be equal or 1)", () => _ = Z(2, 3) + Z(3, 2)),
        ("'-' cannot broadcast [2, 3] and [3, 2]: axis -1 has 3 and 2 (each must be equal or 1)", () => _ = Z(2, 3) - Z(3, 2)),
        ("'*' cannot broadcast [2, 3] and [3, 2]: axis -1 has 3 and 2 (each must be equal or 1)", () => _ = Z(2, 3) * Z(3, 2)),
        ("'/' cannot broadcast [2, 3] and [3, 2]: axis -1 has 3 and 2 (each must be equal or 1)", () => _ = Z(2, 3) / Z(3, 2)),
        ("'pow' cannot broadcast [2, 3] and [3, 2]: axis -1 has 3 and 2 (each must be equal or 1)", () => Z(2, 3).Pow(Z(3, 2))),
        ("'maximum' cannot broadcast [2, 3] and [3, 2]: axis -1 has 3 and 2 (each must be equal or 1)", () => Z(2, 3).Maximum(Z(3, 2))),
        ("'minimum' cannot broadcast [2, 3] and [3, 2]: axis -1 has 3 and 2 (each must be equal or 1)", () => Z(2, 3).Minimum(Z(3, 2))),
        ("'>' cannot broadcast [2, 3] and [3, 2]: axis -1 has 3 and 2 (each must be equal or 1)", () => _ = Z(2, 3) > Z(3, 2)),
        ("'<' cannot broadcast [2, 3] and [3, 2]: axis -1 has 3 and 2 (each must be equal or 1)", () => _ = Z(2, 3) < Z(3, 2)),
        ("'>=' cannot broadcast [2, 3] and [3, 2]: axis -1 has 3 and 2 (each must be equal or 1)", () => _ = Z(2, 3) >= Z(3, 2)),
        ("'<=' cannot broadcast [2, 3] and [3, 2]: axis -1 has 3 and 2 (each must be equal or 1)", () => _ = Z(2, 3) <= Z(3, 2)),
        ("'equal' cannot broadcast [2, 3] and [3, 2]: axis -1 has 3 and 2 (each must be equal or 1)", () => Z(2, 3).EqualTo(Z(3, 2))),
        ("'where' cannot broadcast [2, 3] and [3, 2]: axis -1 has 3 and 2 (each must be equal or 1)", () => Tensor<double>.Where(Z(2, 3), Z(3, 2), Z(1))),
        ("'where' cannot broadcast [2, 3] and [3, 2]: axis -1 has 3 and 2 (each must be equal or 1)", () => Tensor<double>.Where(Z(2, 3), Z(2, 3), Z(3, 2))),
        ("slice: axis 2 does not exist in [2, 3] (rank 2)", () => Z(2, 3).Slice(2, 0, 1)),
        ("concat: axis 2 does not exist in [2, 3] (rank 2)", () => Tensor<double>.Concat(2, Z(2, 3))),
        ("sum: axis -3 does not exist in [2, 3] (rank 2)", () => Z(2, 3).Sum(-3)),
        ("sum: axis 2 does not exist in [2, 3] (rank 2)", () => Z(2, 3).Mean(2)),
        ("max: axis 2 does not exist in [2, 3] (rank 2)", () => Z(2, 3).Max(2)),
        ("min: axis 2 does not exist in [2, 3] (rank 2)", () => Z(2, 3).Min(2)),
        ("max along axis 1 of [2, 0]: the axis is empty", () => Z(2, 0).Max(1)),
        ("min along axis 1 of [2, 0]: the axis is empty", () => Z(2, 0).Min(1)));

    [Theory]
    [MemberData(nameof(Messages))]
    public void A_shape_error_names_the_operation(string message, Action act)
    {
        Assert.Equal(message, Assert.Throws<ShapeException>(act).Message);
    }
}
