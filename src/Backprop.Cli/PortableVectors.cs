using System.Diagnostics;
using System.Runtime.Intrinsics;

namespace Backprop.Cli;

/// <summary>
/// Committed notebook outputs must come out the same on every x86-64 machine the project runs on. They do not with
/// AVX-512 switched on: a reduction's lanes, and which elements a vector kernel's tail leaves to scalar code,
/// depend on the vector width, so the last bits of a sum differ, and a run that amplifies rounding (a diverging
/// network) prints other numbers. <c>notebooks run</c> therefore always runs with 256-bit vectors (AVX2, which every
/// machine of ours has): on an AVX-512 machine it starts itself again with AVX-512 switched off for the runtime.
/// </summary>
public static class PortableVectors
{
    /// <summary>The runtime settings that switch AVX-512 off (.NET 10's knob, its older name, and the preferred width).</summary>
    public static IReadOnlyDictionary<string, string> Environment { get; } = new Dictionary<string, string>
    {
        ["DOTNET_EnableAVX512"] = "0",
        ["DOTNET_EnableAVX512F"] = "0",
        ["DOTNET_PreferredVectorBitWidth"] = "256",
    };

    /// <summary>True when this process already computes with the portable vector width.</summary>
    public static bool Active => !Vector512.IsHardwareAccelerated;

    /// <summary>Runs <paramref name="args"/> in a new process of this program with <see cref="Environment"/> set; its exit code.</summary>
    public static int Relaunch(IEnumerable<string> args)
    {
        if (System.Environment.GetEnvironmentVariable("DOTNET_EnableAVX512") == "0")
        {
            Console.Error.WriteLine("error: AVX-512 is still on although DOTNET_EnableAVX512=0 is set; cannot run notebooks with portable outputs");
            return CommandLine.UsageError;
        }
        var host = System.Environment.ProcessPath ?? "dotnet";
        var start = new ProcessStartInfo(host) { UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(host) == "dotnet") start.ArgumentList.Add(typeof(PortableVectors).Assembly.Location);
        foreach (var arg in args) start.ArgumentList.Add(arg);
        foreach (var (name, value) in Environment) start.Environment[name] = value;
        using var child = Process.Start(start)!;
        child.WaitForExit();
        return child.ExitCode;
    }
}
