using System.Text;
using Backprop.Functional.Autodiff;
using Backprop.Functional.Data;
using Xunit;

namespace Backprop.Functional.Tests.Data;

public class JsonLinesTests
{
    private static MemoryStream Text(string s) => DataText.Stream(s);

    private static string ErrorOf(string jsonl) =>
        JsonLines.Read<Email>(Text(jsonl), "m.jsonl", gzip: false, Email.Check).Match(r => throw new Xunit.Sdk.XunitException($"read {r.Length}"), e => e.Message);

    [Fact]
    public void Reads_records_and_skips_blank_lines()
    {
        var emails = JsonLines.Read<Email>(Text("{\"label\": \"spam\", \"subject\": \"Win\", \"body\": \"now\"}\n\n{\"label\":\"ham\",\"subject\":\"\",\"body\":\"hi\",\"extra\":1}\n"),
            "m.jsonl", gzip: false, Email.Check).OrThrow();
        Assert.Equal([new Email("spam", "Win", "now"), new Email("ham", "", "hi")], emails);
        Assert.True(emails[0].IsSpam);
    }

    [Fact]
    public void Bad_lines_name_the_line()
    {
        Assert.StartsWith("m.jsonl, line 2, byte 9: ", ErrorOf("{\"label\":\"ham\",\"subject\":\"a\",\"body\":\"b\"}\n{\"label\":,}\n"));
        Assert.StartsWith("m.jsonl, line 1, byte ", ErrorOf("{\"label\":\"ham\",\"subject\":\"a\"}\n"));
        Assert.StartsWith("m.jsonl, line 1, byte ", ErrorOf("{\"label\":\"ham\",\"subject\":\"a\",\"body\":null}\n"));
        Assert.Equal("m.jsonl, line 2: label 'eggs' is neither 'spam' nor 'ham'", ErrorOf("{\"label\":\"ham\",\"subject\":\"a\",\"body\":\"b\"}\n{\"label\":\"eggs\",\"subject\":\"a\",\"body\":\"b\"}"));
        Assert.Equal("m.jsonl, line 1: null instead of an object", ErrorOf("null\n"));
    }

    [Fact]
    public void Bundled_spam_emails_load()
    {
        var emails = Datasets.SpamEmails().OrThrow();
        Assert.Equal(4896, emails.Length);
        Assert.Equal(1896, emails.Count(e => e.IsSpam));
    }

    [Fact]
    public void A_json_error_names_the_byte_without_the_serialisers_path_suffix()
    {
        var message = ErrorOf("{\"label\":,}\n");
        Assert.StartsWith("m.jsonl, line 1, byte 9: ", message);
        Assert.DoesNotContain("Path:", message);
        Assert.DoesNotContain("LineNumber", message);
    }

    [Fact]
    public void A_stream_that_fails_is_an_error_naming_the_line()
    {
        var line = Encoding.UTF8.GetBytes("{\"label\":\"ham\",\"subject\":\"a\",\"body\":\"b\"}\n");
        var message = JsonLines.Read<Email>(new FailingStream(line), "m.jsonl", gzip: false).Match(_ => "", e => e.Message);
        Assert.Equal($"m.jsonl, line 1: cannot read: {FailingStream.Message}", message);
        var notGzip = JsonLines.Read<Email>(Text("{}\n"), "m.jsonl.gz", gzip: true).Match(_ => "", e => e.Message);
        Assert.StartsWith("m.jsonl.gz, line 0: cannot read: ", notGzip);
    }

    [Fact]
    public void Files_are_read_plain_or_gzipped_by_their_name_and_a_missing_one_is_named()
    {
        using var temp = DataText.TempFolder("jsonl-");
        var dir = temp.Folder;
        var text = "{\"label\":\"spam\",\"subject\":\"s\",\"body\":\"b\"}\n";
        var plain = Path.Combine(dir, "m.jsonl");
        File.WriteAllText(plain, text);
        var zipped = Path.Combine(dir, "m.JSONL.GZ");
        using (var gz = new System.IO.Compression.GZipStream(File.Create(zipped), System.IO.Compression.CompressionLevel.Fastest)) gz.Write(Encoding.UTF8.GetBytes(text));
        Assert.Equal([new Email("spam", "s", "b")], JsonLines.ReadFile<Email>(plain).OrThrow());
        Assert.Equal([new Email("spam", "s", "b")], JsonLines.ReadFile<Email>(zipped, Email.Check).OrThrow());
        Assert.Equal($"{plain}, line 1: no", JsonLines.ReadFile<Email>(plain, _ => "no").Match(_ => "", e => e.Message));
        var missing = Path.Combine(dir, "none.jsonl");
        Assert.Equal($"{missing}: file not found", JsonLines.ReadFile<Email>(missing).Match(_ => "", e => e.Message));
    }

    [Fact]
    public void The_text_of_an_email_is_its_subject_a_newline_and_its_body() =>
        Assert.Equal("Win\nnow", new Email("spam", "Win", "now").Text);
}
