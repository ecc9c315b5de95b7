using BenchmarkDotNet.Running;
using Backprop.Functional.Benchmarks;

// Usage:
//   gemm f32|f64 THREADS M K N [nn|nt|tn|tt]   one JSON line (argument order M K N as in the peer's harness)
//   step digits|mnist f32|f64 THREADS [unfold|donate|plain [STEPS]]   the peers' training step (200 timed steps), one JSON line
//   conv f32|f64 THREADS [STEPS]              LeNet-5-style conv net, batch 64 of 28x28 (default 200 timed steps), one JSON line
//   peak f32|f64 THREADS                      the FMA peak with the widest native vector, one JSON line
//   kernels [BenchmarkDotNet args]             BenchmarkDotNet micro-benchmarks of the MLP's GEMM shapes
//   algebra f32|f64 ROWS COLS                   the tensor algebra against the kernels the rules call, one JSON line per op
//   alloc mlp|conv f32|f64 sgd|adam [STEPS]   bytes per steady-state step, donation off and on, Train.Steps and the plain loop (200 steps), one JSON line each
//   jacobian THREADS                           a network's Jacobian by forward and by reverse mode as inputs and outputs cross, one JSON line each
return args.Length == 0 ? Usage() : args[0] switch
{
    "gemm" => GemmTiming.Run(args),
    "algebra" when args.Length == 4 => AlgebraTiming.Run(args[1], int.Parse(args[2]), int.Parse(args[3])),
    "kernels" => RunKernels(args),
    "alloc" when args.Length is 4 or 5 => AllocationCount.Run(args[1], args[2], args[3], args.Length == 5 ? int.Parse(args[4]) : 200),
    "jacobian" when args.Length == 2 => JacobianTiming.Run(int.Parse(args[1])),
    "peak" when args.Length == 3 => PeakTiming.Run(args[1], int.Parse(args[2])),
    "conv" when args.Length is 3 or 4 => LeNetBenchmark.Run(args[1], int.Parse(args[2]), args.Length == 4 ? int.Parse(args[3]) : 200),
    "step" when args.Length is >= 4 and <= 6 => StepBenchmark.Run(args[1], args[2], int.Parse(args[3]), args.Length >= 5 ? args[4] : "unfold", args.Length == 6 ? int.Parse(args[5]) : 200),
    _ => Usage(),
};

static int RunKernels(string[] args)
{
    BenchmarkRunner.Run<GemmBenchmarks>(args: args[1..]);
    return 0;
}

static int Usage()
{
    Console.Error.WriteLine("usage: gemm f32|f64 THREADS M K N [nn|nt|tn|tt] | step digits|mnist f32|f64 THREADS [unfold|donate|plain [STEPS]] | conv f32|f64 THREADS [STEPS] | peak f32|f64 THREADS | kernels [BenchmarkDotNet args] | algebra f32|f64 ROWS COLS | alloc mlp|conv f32|f64 sgd|adam [STEPS] | jacobian THREADS");
    return 2;
}
