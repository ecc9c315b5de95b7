using System.Diagnostics;
using System.Numerics;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;
using System.Text.Json;
using Backprop.Functional.Kernels;
using Backprop.Functional.Tensors;

namespace Backprop.Functional.Benchmarks;

/// <summary>
/// The tensor algebra against the kernels the library's own rules call for the same work: a bias add through
/// broadcasting against Rowwise.AddRow, SumTo against Rowwise.SumRows, an equal-shape + against one
/// TensorPrimitives.Add, and a transpose by itself. One JSON line per operation: median microseconds of each and the
/// ratio (algebra / kernel). The algebra allocates its result; the kernels write into a buffer made once.
/// </summary>
public static class AlgebraTiming
{
    public static int Run(string precision, int rows, int cols) => precision switch
    {
        "f32" => Run<float>(rows, cols),
        "f64" => Run<double>(rows, cols),
        _ => throw new ArgumentException($"precision must be f32 or f64, got '{precision}'"),
    };

    private static int Run<T>(int rows, int cols) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var key = Key.Create(1);
        Tensor<T> x = key.Normal<T>(new Shape(rows, cols)), y = key.FoldIn(1).Normal<T>(new Shape(rows, cols)), bias = key.FoldIn(2).Normal<T>(new Shape(cols));
        var out1 = new T[rows * cols];
        var out2 = new T[cols];
        Report<T>("bias add [r, c] + [c]", rows, cols, () => _ = x + bias, () => Rowwise.AddRow(x.Span, bias.Span, out1));
        Report<T>("bias add, kernel only", rows, cols, () => Broadcast.Binary(BinaryOp.Add, x.Span, [rows, cols], bias.Span, [cols], out1, [rows, cols]), () => Rowwise.AddRow(x.Span, bias.Span, out1));
        Report<T>("sum-to [r, c] -> [c]", rows, cols, () => _ = x.SumTo(new Shape(cols)), () => Rowwise.SumRows(x.Span, out2));
        Report<T>("add [r, c] + [r, c]", rows, cols, () => _ = x + y, () => TensorPrimitives.Add(x.Span, y.Span, out1));
        Report<T>("transpose [r, c]", rows, cols, () => _ = x.Transpose(), null);
        return 0;
    }

    private static void Report<T>(string op, int rows, int cols, Action algebra, Action? kernel)
    {
        var ours = Median(algebra);
        var theirs = kernel is null ? double.NaN : Median(kernel);
        Console.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["op"] = op, ["type"] = typeof(T).Name, ["rows"] = rows, ["cols"] = cols,
            ["algebra_us"] = Math.Round(ours, 2), ["kernel_us"] = double.IsNaN(theirs) ? "none" : Math.Round(theirs, 2),
            ["ratio"] = double.IsNaN(theirs) ? "-" : Math.Round(ours / theirs, 2),
        }));
    }

    /// <summary>Median of 31 timed batches after the JIT has settled, in microseconds per call.</summary>
    private static double Median(Action f)
    {
        WarmUp.Run(f);
        const int perBatch = 50;
        var times = Enumerable.Range(0, 31).Select(_ =>
        {
            var clock = Stopwatch.StartNew();
            for (var i = 0; i < perBatch; i++) f();
            return clock.Elapsed.TotalMicroseconds / perBatch;
        }).Order().ToArray();
        return times[times.Length / 2];
    }
}
