using System.Diagnostics;

namespace Backprop.Functional.Tests.Notebooks;

/// <summary>Runs a notebook the way a Jupyter user does: the kernel registered by `dotnet interactive jupyter install`, executed by nbconvert.</summary>
internal static class Jupyter
{
    public static string? NbConvert { get; } =
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, "jupyter-nbconvert")).FirstOrDefault(File.Exists);

    /// <summary>
    /// Registers the .NET kernels in a fresh Jupyter data folder (as the README's set-up step does in the user's), then
    /// executes <paramref name="notebook"/> in place with nbconvert; the result is nbconvert's exit code and its error text.
    /// </summary>
    public static (int ExitCode, string Error) Execute(string notebook)
    {
        var data = Directory.CreateTempSubdirectory("backprop-jupyter-").FullName;
        try
        {
            Directory.CreateDirectory(Path.Combine(data, "kernels"));
            var install = Run("dotnet", RealKernel.Root, data, "tool", "run", "dotnet-interactive", "--", "jupyter", "install", "--path", Path.Combine(data, "kernels"));
            if (install.ExitCode != 0) return install;
            return Run(NbConvert!, Path.GetDirectoryName(notebook)!, data,
                "--to", "notebook", "--execute", "--inplace", "--ExecutePreprocessor.kernel_name=.net-csharp", "--ExecutePreprocessor.timeout=600", notebook);
        }
        finally
        {
            Directory.Delete(data, true);
        }
    }

    private static (int ExitCode, string Error) Run(string file, string directory, string data, params string[] args)
    {
        var start = new ProcessStartInfo(file) { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        start.Environment["JUPYTER_PATH"] = data;
        start.Environment["JUPYTER_DATA_DIR"] = data;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, error + output.Result);
    }
}
