using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Jobs;
using Backprop.Functional.Kernels;

namespace Backprop.Functional.Benchmarks;

/// <summary>The GEMM shapes of the MLP training step (784-256-128-10, batch 128) and a small one.</summary>
[ShortRunJob(RuntimeMoniker.Net10_0)]
public class GemmBenchmarks
{
    private float[] a = [], b = [], c = [];

    /// <summary>m×n×k and layout: forward A·B, backward A·Bᵀ (input gradient) and Aᵀ·B (weight gradient).</summary>
    [Params("128x256x784 nn", "128x784x256 nt", "784x256x128 tn", "32x64x64 nn", "128x10x128 nn", "128x128x10 tn")]
    public string Shape { get; set; } = "";

    [Params(1, 2)]
    public int Threads { get; set; }

    private int m, n, k;
    private bool transA, transB;

    [GlobalSetup]
    public void Setup()
    {
        var parts = Shape.Split(' ');
        var dims = parts[0].Split('x').Select(int.Parse).ToArray();
        (m, n, k) = (dims[0], dims[1], dims[2]);
        (transA, transB) = (parts[1][0] == 't', parts[1][1] == 't');
        var rng = new Random(0);
        a = GemmTiming.Random<float>(rng, m * k);
        b = GemmTiming.Random<float>(rng, k * n);
        c = new float[m * n];
    }

    [Benchmark]
    public int MultiplyF32() => Parallelism.With(Threads, () => { Gemm.Multiply<float>(a, transA, b, transB, c, m, n, k); return 0; });
}
