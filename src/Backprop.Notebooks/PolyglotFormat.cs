using System.Text.Json.Nodes;

namespace Backprop.Notebooks;

/// <summary>The metadata .NET Interactive / Polyglot Notebooks writes, so the notebooks open in the editors people have.</summary>
public static class PolyglotFormat
{
    public const string KernelName = "csharp";

    public static JsonObject NotebookMetadata() => new()
    {
        ["kernelspec"] = new JsonObject { ["display_name"] = ".NET (C#)", ["language"] = "C#", ["name"] = ".net-csharp" },
        ["language_info"] = new JsonObject { ["name"] = "C#" },
        ["polyglot_notebook"] = new JsonObject
        {
            ["kernelInfo"] = new JsonObject
            {
                ["defaultKernelName"] = KernelName,
                ["items"] = new JsonArray(new JsonObject { ["aliases"] = new JsonArray(), ["languageName"] = KernelName, ["name"] = KernelName }),
            },
        },
    };

    public static JsonObject CodeCellMetadata() => new()
    {
        ["dotnet_interactive"] = new JsonObject { ["language"] = KernelName },
        ["polyglot_notebook"] = new JsonObject { ["kernelName"] = KernelName },
    };
}
