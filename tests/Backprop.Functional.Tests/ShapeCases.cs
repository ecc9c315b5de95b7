using Backprop.Functional.Tensors;
using Xunit;

namespace Backprop.Functional.Tests;

/// <summary>Helpers for the shape-check tables: a zero tensor of a shape, and named cases as theory data.</summary>
internal static class ShapeCases
{
    public static Tensor<double> Z(params int[] dims) => Tensor<double>.Zeros(new Shape(dims));

    public static TheoryData<string, Action> Cases(params (string Name, Action Act)[] cases)
    {
        var data = new TheoryData<string, Action>();
        foreach (var (name, act) in cases) data.Add(name, act);
        return data;
    }
}
