using System.Text;
using Backprop.Functional.Autodiff;
using Backprop.Functional.Data;
using Xunit;

namespace Backprop.Functional.Tests.Data;

public class JsonLinesTests
{
    private static MemoryStream Text(string s) => new(Encoding.UTF8.GetBytes(s));

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
}
