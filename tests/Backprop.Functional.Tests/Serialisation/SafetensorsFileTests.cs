using Backprop.Functional.Autodiff;
using Backprop.Functional.Serialisation;
using Backprop.Functional.Tensors;
using Xunit;

namespace Backprop.Functional.Tests.Serialisation;

/// <summary>Reading and writing files that the operating system refuses or that are too large, as error values.</summary>
public class SafetensorsFileTests
{
    private static readonly Params<double> W = Params<double>.From([new("w", Tensor.Vector(1.0, 2.0))]);

    [Fact]
    public void A_file_larger_than_an_array_is_refused_before_reading()
    {
        var folder = Directory.CreateTempSubdirectory().FullName;
        var path = Path.Combine(folder, "big.safetensors");
        using (var file = new FileStream(path, FileMode.CreateNew)) file.SetLength(Array.MaxLength + 1L);   // sparse: no disk used
        Assert.Equal($"{path}: {Array.MaxLength + 1L} bytes is larger than this reader accepts ({Array.MaxLength})",
            Safetensors.Read<double>(path).Match(_ => "", e => e.Message));
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public void A_file_another_process_holds_exclusively_is_an_error_value()
    {
        var folder = Directory.CreateTempSubdirectory().FullName;
        var path = Path.Combine(folder, "p.safetensors");
        Safetensors.Write(path, W).OrThrow();
        using (new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None))   // .NET locks it on every OS
            Assert.StartsWith($"{path}: cannot read: ", Safetensors.Read<double>(path).Match(_ => "", e => e.Message));
        Assert.Equal([1.0, 2.0], Safetensors.ReadParams<double>(path).OrThrow()["w"].ToArray());
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public void A_failed_rename_removes_the_temporary_file_and_keeps_what_was_there()
    {
        var folder = Directory.CreateTempSubdirectory().FullName;
        var target = Path.Combine(folder, "p.safetensors");
        Directory.CreateDirectory(Path.Combine(target, "inside"));   // a folder where the file should go: the rename fails
        Assert.StartsWith($"{target}: cannot write: ", Safetensors.Write(target, W).Match(_ => "", e => e.Message));
        Assert.Empty(Directory.GetFiles(folder));
        Assert.True(Directory.Exists(Path.Combine(target, "inside")));
        Directory.Delete(folder, recursive: true);
    }
}
