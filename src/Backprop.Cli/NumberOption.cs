using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace Backprop.Cli;

/// <summary>Options holding a number, whose parse errors are sentences: "--epochs must be a whole number, got 'abc'".</summary>
public static class NumberOption
{
    public static Option<int?> Whole(string name, string description) =>
        new(name) { Description = description, CustomParser = r => Parse<int>(r, name, "a whole number", s => int.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) ? n : (int?)null) };

    public static Option<double?> Real(string name, string description) =>
        new(name) { Description = description, CustomParser = r => Parse<double>(r, name, "a number", s => double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var x) ? x : (double?)null) };

    private static X? Parse<X>(ArgumentResult result, string name, string what, Func<string, X?> parse) where X : struct
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[^1].Value : "";
        if (parse(text) is { } value) return value;
        result.AddError($"{name} must be {what}, got '{text}'");
        return null;
    }
}
