using System.Globalization;
using LanguageExt;
using LanguageExt.Common;

namespace Backprop.Cli;

/// <summary>
/// A run's folder, held for the run: created if missing, locked (an exclusive lock on its .lock file, released when
/// disposed or when the process dies) so two runs never write one folder, and left-over temporary files of an
/// interrupted write removed. A new run needs an empty folder: one with another run's files is an error unless
/// <c>overwrite</c>, which deletes those files first.
/// </summary>
public sealed class RunFolder : IDisposable
{
    /// <summary>The files a run writes (what --overwrite deletes).</summary>
    public static readonly string[] RunFileNames =
        ["params.safetensors", "checkpoint.safetensors", "metrics.csv", "summary.json", "run.json", "loss.png", "gradient-norms.png", "predicted-vs-actual.png"];

    private const string LockName = ".lock";
    private readonly FileStream lockFile;

    private RunFolder(string path, FileStream lockFile) => (Path, this.lockFile) = (path, lockFile);

    public string Path { get; }

    public void Dispose() => lockFile.Dispose();

    /// <summary>A new folder under <paramref name="parent"/> named by the time to the millisecond, with "-2", "-3"... when taken.</summary>
    public static Fin<RunFolder> ClaimNew(string parent, DateTime now)
    {
        var stamp = now.ToString("yyyyMMdd-HHmmss-fff", CultureInfo.InvariantCulture);
        for (var n = 1; n < 1000; n++)
        {
            var path = System.IO.Path.Combine(parent, n == 1 ? stamp : $"{stamp}-{n}");
            if (Directory.Exists(path)) continue;
            var claimed = Claim(path, RunFolderMode.New);
            if (claimed.IsSucc) return claimed;
        }
        return Error.New($"{parent}: no free run folder name for {stamp}");
    }

    /// <summary>Claims <paramref name="path"/> for a run: new (must be empty), overwrite (a run's files deleted), or resume (kept).</summary>
    public static Fin<RunFolder> Claim(string path, RunFolderMode mode)
    {
        if (path.Trim().Length == 0) return Error.New("--out '': expected a folder name");
        FileStream? held = null;
        try
        {
            Directory.CreateDirectory(path);
            held = new FileStream(System.IO.Path.Combine(path, LockName), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            var others = Directory.EnumerateFileSystemEntries(path).Select(System.IO.Path.GetFileName).OfType<string>()
                .Where(n => n != LockName && !IsTemporary(n)).Order(StringComparer.Ordinal).ToArray();
            if (mode == RunFolderMode.New && others.Length > 0)
            {
                held.Dispose();
                return Error.New($"--out {path}: the folder is not empty ({string.Join(", ", others.Take(3))}{(others.Length > 3 ? ", ..." : "")}); " +
                                 "choose another, pass --overwrite to replace a run's files, or --resume to continue it");
            }
            foreach (var temp in Directory.EnumerateFiles(path).Where(f => IsTemporary(System.IO.Path.GetFileName(f)))) File.Delete(temp);
            if (mode == RunFolderMode.Overwrite)
                foreach (var name in RunFileNames) File.Delete(System.IO.Path.Combine(path, name));
            return new RunFolder(path, held);
        }
        catch (IOException e) when (held is null && File.Exists(System.IO.Path.Combine(path, LockName)))
        {
            return Error.New($"--out {path}: another run is writing this folder ({e.Message.TrimEnd('.')})");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            held?.Dispose();
            return Error.New($"--out {path}: cannot use the folder: {e.Message}");
        }
    }

    private static bool IsTemporary(string name) => name.StartsWith('.') && name.EndsWith(".tmp", StringComparison.Ordinal);
}
