using System.Text;

namespace Backprop.Functional.Tests.Data;

/// <summary>Inputs for the readers' tests: text as a stream, and a scratch folder deleted with its files.</summary>
internal sealed class DataText : IDisposable
{
    private DataText(string folder) => Folder = folder;

    public string Folder { get; }

    /// <summary>A new empty folder under the temporary path; disposing deletes it.</summary>
    public static DataText TempFolder(string prefix) => new(Directory.CreateTempSubdirectory(prefix).FullName);

    /// <summary>The UTF-8 bytes of <paramref name="text"/> as a readable stream.</summary>
    public static MemoryStream Stream(string text) => new(Encoding.UTF8.GetBytes(text));

    public void Dispose() => Directory.Delete(Folder, recursive: true);
}
