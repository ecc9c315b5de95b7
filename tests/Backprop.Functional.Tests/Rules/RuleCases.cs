using Backprop.Functional.Tensors;
using Backprop.Functional.Testing;
using FsCheck;
using FsCheck.Fluent;

namespace Backprop.Functional.Tests.Rules;

/// <summary>Generated inputs shared by the rule properties: a matrix of generated shape and a key.</summary>
internal static class RuleCases
{
    public static Arbitrary<(Tensor<double> X, Key Key)> Matrix(Func<Shape, Gen<Tensor<double>>>? values = null) =>
        (from rows in Generators.Dim()
         from cols in Generators.Dim()
         from x in (values ?? Generators.Normal)(new Shape(rows, cols))
         from key in Generators.Key()
         select (x, key)).ToArbitrary();

    public static Arbitrary<(Tensor<double> X, Tensor<double> Y, Key Key)> Pair(Func<Shape, Gen<Tensor<double>>>? values = null) =>
        (from rows in Generators.Dim()
         from cols in Generators.Dim()
         from x in (values ?? Generators.Normal)(new Shape(rows, cols))
         from y in (values ?? Generators.Normal)(new Shape(rows, cols))
         from key in Generators.Key()
         select (x, y, key)).ToArbitrary();
}
