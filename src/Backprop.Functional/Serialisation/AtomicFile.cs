using LanguageExt;
using LanguageExt.Common;

namespace Backprop.Functional.Serialisation;

/// <summary>Writes a file all or nothing: a temporary file in the same folder, flushed to disk, then renamed over the target.</summary>
internal static class AtomicFile
{
    public static Fin<Unit> Write(string path, ReadOnlySpan<byte> bytes)
    {
        string? temp = null;
        try
        {
            var full = Path.GetFullPath(path);
            var folder = Path.GetDirectoryName(full)!;
            Directory.CreateDirectory(folder);
            temp = Path.Combine(folder, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
            using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                file.Write(bytes);
                file.Flush(flushToDisk: true);
            }
            File.Move(temp, full, overwrite: true);
            return Unit.Default;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            if (temp is not null) TryDelete(temp);
            return Error.New($"{path}: cannot write: {e.Message}");
        }
    }

    private static void TryDelete(string temp)
    {
        try { File.Delete(temp); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { /* the write already failed; keep its error */ }
    }
}
