using System.Collections.Immutable;
using System.Diagnostics;
using System.Security;
using LanguageExt;
using LanguageExt.Common;

namespace Backprop.Notebooks;

/// <summary>
/// <c>#r "nuget: Name, Version"</c> for packages outside the repository: a throwaway project with that
/// PackageReference is restored and built by the dotnet CLI, and its output assemblies become references.
/// Cached on disk by name and version, so a package is restored once per machine.
/// </summary>
public static class NuGetPackages
{
    private static readonly string CacheRoot = Path.Combine(Path.GetTempPath(), "backprop-notebooks", "nuget");

    public static Fin<ImmutableArray<string>> Restore(string name, string version)
    {
        if (name.Any(c => !(char.IsLetterOrDigit(c) || c is '.' or '-' or '_')) || version.Any(c => !(char.IsLetterOrDigit(c) || c is '.' or '-' or '+')))
            return Error.New($"nuget package '{name}, {version}': not a package id and version");
        var dir = Path.Combine(CacheRoot, $"{name.ToLowerInvariant()}-{version.ToLowerInvariant()}");
        var list = Path.Combine(dir, "references.txt");
        if (File.Exists(list)) return File.ReadAllLines(list).ToImmutableArray();
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "restore.csproj"), Project(name, version));
        var output = Path.Combine(dir, "out");
        return Dotnet(dir, "build", "restore.csproj", "-c", "Release", "-o", output, "--nologo", "-v", "q",
                "-p:ImportDirectoryBuildProps=false", "-p:ImportDirectoryPackagesProps=false")
            .Map(_ =>
            {
                var paths = Directory.GetFiles(output, "*.dll").Where(p => Path.GetFileName(p) != "restore.dll").Order(StringComparer.Ordinal).ToImmutableArray();
                File.WriteAllLines(list, paths);
                return paths;
            })
            .BiMap(paths => paths, e => Error.New($"nuget package '{name}, {version}' did not restore: {e.Message}"));
    }

    private static string Project(string name, string version) => $"""
        <Project Sdk="Microsoft.NET.Sdk">
          <PropertyGroup>
            <TargetFramework>net{Environment.Version.Major}.0</TargetFramework>
            <CopyLocalLockFileAssemblies>true</CopyLocalLockFileAssemblies>
            <ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>
            <GenerateDocumentationFile>false</GenerateDocumentationFile>
          </PropertyGroup>
          <ItemGroup>
            <PackageReference Include="{SecurityElement.Escape(name)}" Version="{SecurityElement.Escape(version)}" />
          </ItemGroup>
        </Project>
        """;

    private static Fin<Unit> Dotnet(string workingDirectory, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode == 0 ? Unit.Default
            : Error.New(string.Join('\n', (stdout + stderr.Result).Split('\n').Where(l => l.Contains("error", StringComparison.OrdinalIgnoreCase)).Take(5)));
    }
}
