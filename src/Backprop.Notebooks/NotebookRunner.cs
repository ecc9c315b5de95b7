using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Text;
using LanguageExt;
using LanguageExt.Common;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Scripting;
using Microsoft.CodeAnalysis.Scripting;

namespace Backprop.Notebooks;

/// <summary>
/// Runs a notebook's C# cells in order with Roslyn scripting, state carried from cell to cell, and returns
/// the notebook with fresh outputs. The first cell that throws (or does not compile) stops the run.
/// </summary>
public static class NotebookRunner
{
    private static readonly ImmutableArray<string> DefaultImports =
        ["System", "System.Collections.Generic", "System.IO", "System.Linq", "System.Text", "System.Threading.Tasks"];

    public static NotebookRun Run(Notebook notebook, string name) => RunAsync(notebook, name).GetAwaiter().GetResult();

    public static async Task<NotebookRun> RunAsync(Notebook notebook, string name)
    {
        var culture = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.InvariantCulture;
        try
        {
            var session = new Session(name);
            var cells = ImmutableArray.CreateBuilder<Cell>();
            CellFailure? failure = null;
            foreach (var (number, cell) in notebook.Numbered)
            {
                if (failure is not null || cell.Kind != CellKind.Code) { cells.Add(cell); continue; }
                var (ran, failed) = await session.RunCell(number, cell);
                cells.Add(ran);
                failure = failed;
            }
            return new NotebookRun(notebook with { Cells = cells.ToImmutable() }, failure);
        }
        finally
        {
            CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = culture;
        }
    }

    /// <summary>One run's script state: the chain of submissions, its references and its execution counter.</summary>
    private sealed class Session(string notebook)
    {
        private readonly NotebookGlobals globals = new();
        private ScriptState<object>? state;
        private ImmutableDictionary<string, string> references = References.Defaults;
        private ImmutableArray<string> imports = DefaultImports;
        private int executionCount;

        public async Task<(Cell Cell, CellFailure? Failure)> RunCell(int number, Cell cell)
        {
            var count = ++executionCount;
            var outputs = new CellOutputs();
            var failure = await Execute(number, cell.Source, outputs, count);
            if (failure is not null)
                outputs.Add(new ErrorOutput(failure.Name, failure.Message, [$"{failure.Name}: {failure.Message}", $"   at {failure.Notebook}, {failure.Location}"]));
            return (cell with { Outputs = outputs.ToImmutable(), ExecutionCount = count }, failure);
        }

        private async Task<CellFailure?> Execute(int number, string source, CellOutputs outputs, int count)
        {
            var (code, packages) = PackageDirective.Extract(source);
            foreach (var package in packages)
                if (Resolve(package).Case is Error e) return new CellFailure(notebook, number, package.Line, "PackageError", e.Message);
            var options = ScriptOptions.Default
                .WithReferences(references.Values.Order(StringComparer.Ordinal).Select(References.ForPath))
                .WithImports(imports)
                .WithFilePath(CellPath(number))
                .WithFileEncoding(Encoding.UTF8)
                .WithEmitDebugInformation(true)
                .WithOptimizationLevel(OptimizationLevel.Release);
            var script = state is null ? CSharpScript.Create(code, options, typeof(NotebookGlobals)) : state.Script.ContinueWith(code, options);
            var errors = script.Compile().Where(d => d.Severity == DiagnosticSeverity.Error).ToArray();
            if (errors.Length > 0) return CompileFailure(number, errors[0]);
            var hasValue = HasValue(script.GetCompilation());
            globals.Outputs = outputs;
            try
            {
                using var _ = ConsoleCapture.To(outputs);
                var next = state is null
                    ? await script.RunAsync(globals, _ => true)
                    : await script.RunFromAsync(state, _ => true);
                if (next.Exception is { } thrown) return RuntimeFailure(number, Unwrap(thrown));
                state = next;
                if (hasValue) outputs.Add(new ExecuteResult(count, DisplayFormatter.Format(next.ReturnValue)));
                return null;
            }
            catch (Exception thrown) when (thrown is not OutOfMemoryException)
            {
                return RuntimeFailure(number, Unwrap(thrown));
            }
            finally
            {
                globals.Outputs = null;
            }
        }

        /// <summary>True when the cell ends in an expression with a value (no semicolon), which is then shown.</summary>
        private static bool HasValue(Compilation compilation)
        {
            var tree = compilation.SyntaxTrees.Single();
            return tree.GetCompilationUnitRoot().Members.LastOrDefault() is GlobalStatementSyntax { Statement: ExpressionStatementSyntax { SemicolonToken.IsMissing: true } last }
                && compilation.GetSemanticModel(tree).GetTypeInfo(last.Expression).Type is { SpecialType: not SpecialType.System_Void };
        }

        private Fin<Unit> Resolve(PackageDirective package) =>
            package.IsRepositoryPackage ? RepositoryAssembly(package.Name).Map(Add)
            : package.Version is null ? Error.New($"#r \"nuget: {package.Name}\": give a version (\"nuget: {package.Name}, 1.2.3\") so runs are reproducible")
            : NuGetPackages.Restore(package.Name, package.Version).Map(paths => Add(paths.ToImmutableDictionary(p => Path.GetFileNameWithoutExtension(p), p => p)));

        private Unit Add(ImmutableDictionary<string, string> paths)
        {
            references = references.SetItems(paths);
            return Unit.Default;
        }

        private Unit Add(Assembly assembly)
        {
            Add(References.Closure(assembly));
            return Unit.Default;
        }

        private static Fin<Assembly> RepositoryAssembly(string name)
        {
            var canonical = PackageDirective.RepositoryPackages.First(p => p.Equals(name, StringComparison.OrdinalIgnoreCase));
            try
            {
                return AppDomain.CurrentDomain.GetAssemblies().FirstOrDefault(a => a.GetName().Name == canonical) ?? Assembly.Load(canonical);
            }
            catch (FileNotFoundException)
            {
                return Error.New($"{canonical} is not part of this runner's build; reference its project from Backprop.Notebooks");
            }
        }

        private CellFailure CompileFailure(int number, Diagnostic error) => new(
            notebook, number,
            error.Location.IsInSource ? error.Location.GetLineSpan().StartLinePosition.Line + 1 : null,
            "CompilationError", $"{error.Id}: {error.GetMessage(CultureInfo.InvariantCulture)}");

        /// <summary>The line is the innermost frame in the running cell; a frame in an earlier cell (a lambda it made) is named in the message.</summary>
        private CellFailure RuntimeFailure(int number, Exception thrown)
        {
            var frames = new StackTrace(thrown, fNeedFileInfo: true).GetFrames()
                .Select(f => (Cell: CellNumber(f.GetFileName()), Line: f.GetFileLineNumber())).Where(f => f.Cell is not null).ToArray();
            var here = frames.FirstOrDefault(f => f.Cell == number);
            var elsewhere = frames.FirstOrDefault(f => f.Cell != number);
            var origin = frames.Length > 0 && frames[0].Cell != number ? $" (thrown in cell {elsewhere.Cell}, line {elsewhere.Line})" : "";
            return new(notebook, number, here.Cell is null ? null : here.Line, thrown.GetType().Name, thrown.Message + origin);
        }

        private static Exception Unwrap(Exception e) => e switch
        {
            TargetInvocationException { InnerException: { } inner } => Unwrap(inner),
            AggregateException { InnerExceptions.Count: 1 } a => Unwrap(a.InnerExceptions[0]),
            _ => e,
        };

        private static string CellPath(int number) => $"cell {number}";

        private static int? CellNumber(string? path) =>
            path is not null && path.StartsWith("cell ", StringComparison.Ordinal) && int.TryParse(path.AsSpan(5), out var n) ? n : null;
    }
}
