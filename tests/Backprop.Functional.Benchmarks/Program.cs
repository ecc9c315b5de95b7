using BenchmarkDotNet.Running;
using Backprop.Functional.Benchmarks;

// Usage:
//   gemm f32|f64 THREADS M K N [nn|nt|tn|tt]   one JSON line (argument order M K N as in the peer's harness)
//   kernels [BenchmarkDotNet args]             BenchmarkDotNet micro-benchmarks of the MLP's GEMM shapes
return args.Length == 0 ? Usage() : args[0] switch
{
    "gemm" => GemmTiming.Run(args),
    "kernels" => RunKernels(args),
    // "step": full training-step timing, to be added.
    _ => Usage(),
};

static int RunKernels(string[] args)
{
    BenchmarkRunner.Run<GemmBenchmarks>(args: args[1..]);
    return 0;
}

static int Usage()
{
    Console.Error.WriteLine("usage: gemm f32|f64 THREADS M K N [nn|nt|tn|tt] | kernels [BenchmarkDotNet args]");
    return 2;
}
