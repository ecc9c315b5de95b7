using LanguageExt;
using LanguageExt.Common;

namespace Backprop.Notebooks;

/// <summary>The repository's root: the nearest folder upwards that holds Backprop.Functional.sln.</summary>
public static class RepositoryRoot
{
    public const string SolutionFile = "Backprop.Functional.sln";

    public static Fin<string> Find(string start)
    {
        for (var dir = new DirectoryInfo(Path.GetFullPath(start)); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, SolutionFile))) return dir.FullName;
        return Error.New($"no {SolutionFile} in {start} or any folder above it");
    }
}
