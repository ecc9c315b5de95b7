using System.Text;
using LanguageExt;
using LanguageExt.Common;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Backprop.Notebooks;

/// <summary>
/// A notebook as a .NET file-based app (<c>dotnet run FILE.cs</c>) for people without a notebook editor:
/// <c>#:project</c> directives for the repository's packages, <c>#:package</c> for others, using directives
/// first, the code cells in order with markdown as comments, type declarations last (C# wants top-level
/// statements first), and a small <c>display</c> that prints. A cell's closing expression is displayed.
/// </summary>
public static class NotebookExport
{
    private static readonly CSharpParseOptions ScriptParse = CSharpParseOptions.Default.WithKind(SourceCodeKind.Script);

    /// <param name="notebook">The notebook.</param>
    /// <param name="notebookName">Shown in the header comment.</param>
    /// <param name="repositoryRoot">The folder holding Backprop.Functional.sln.</param>
    /// <param name="outputPath">Where the .cs file goes; <c>#:project</c> paths are relative to its folder.</param>
    public static Fin<string> ToFileBasedApp(Notebook notebook, string notebookName, string repositoryRoot, string outputPath)
    {
        var cells = notebook.Cells.Select(c => c.Kind == CellKind.Code ? Split(c.Source) : new Parts("", [], [], [], Comment(c.Source))).ToArray();
        var missingVersion = cells.SelectMany(c => c.Packages).FirstOrDefault(p => !p.IsRepositoryPackage && p.Version is null);
        if (missingVersion is not null) return Error.New($"#r \"nuget: {missingVersion.Name}\" needs a version to export");
        var outputDir = Path.GetDirectoryName(Path.GetFullPath(outputPath))!;
        var directives = cells.SelectMany(c => c.Packages).DistinctBy(p => p.Name.ToLowerInvariant()).Select(p => p.IsRepositoryPackage
            ? $"#:project {Path.GetRelativePath(outputDir, Path.Combine(repositoryRoot, "src", Canonical(p.Name))).Replace('\\', '/')}"
            : $"#:package {p.Name}@{p.Version}");
        var usings = cells.SelectMany(c => c.Usings).Prepend("using System.Collections;").Distinct();
        var text = new StringBuilder()
            .AppendJoin('\n', directives).Append('\n')
            .Append("#:property Nullable=disable\n#:property TreatWarningsAsErrors=false\n\n")
            .Append($"// {notebookName}, exported by `backprop notebooks export`. Run it with: dotnet run {Path.GetFileName(outputPath)}\n\n")
            .AppendJoin('\n', usings).Append("\n\n")
            .AppendJoin("\n", cells.Select(c => c.Statements))
            .Append("""

                // display(x) as in the notebook: prints the value (each item of a sequence on its own line).
                static void display(object value)
                {
                    if (value is IEnumerable items && value is not string)
                        foreach (var item in items) Console.WriteLine(item);
                    else
                        Console.WriteLine(value);
                }

                """);
        var types = cells.SelectMany(c => c.Types).ToArray();
        if (types.Length > 0) text.Append('\n').AppendJoin("\n\n", types).Append('\n');
        return text.ToString();
    }

    private sealed record Parts(string Code, PackageDirective[] Packages, string[] Usings, string[] Types, string Statements);

    private static Parts Split(string source)
    {
        var (code, packages) = PackageDirective.Extract(source);
        var root = CSharpSyntaxTree.ParseText(code, ScriptParse).GetCompilationUnitRoot();
        var usings = root.Usings.Select(u => u.WithoutTrivia().ToString()).ToArray();
        var types = root.Members.Where(IsType).Select(m => m.ToFullString().Trim()).ToArray();
        var statements = root.Members.Where(m => !IsType(m)).Select(Statement);
        return new Parts(code, [.. packages], usings, types, string.Concat(statements).Trim('\n', '\r') + "\n");
    }

    private static bool IsType(MemberDeclarationSyntax member) => member is BaseTypeDeclarationSyntax or DelegateDeclarationSyntax;

    /// <summary>The member's text; a closing expression without a semicolon becomes display(expression);.</summary>
    private static string Statement(MemberDeclarationSyntax member) =>
        member is GlobalStatementSyntax { Statement: ExpressionStatementSyntax { SemicolonToken.IsMissing: true } e }
            ? $"{e.GetLeadingTrivia().ToFullString()}display({e.Expression.WithoutTrivia()});\n"
            : member.ToFullString();

    private static string Comment(string markdown) =>
        string.Concat(markdown.TrimEnd().Split('\n').Select(l => l.Length == 0 ? "//\n" : $"// {l}\n"));

    private static string Canonical(string package) =>
        PackageDirective.RepositoryPackages.First(p => p.Equals(package, StringComparison.OrdinalIgnoreCase));
}
