namespace Backprop.Functional.Data;

/// <summary>One e-mail of the spam data set: its label ("spam" or "ham"), subject and body.</summary>
public sealed record Email(string Label, string Subject, string Body)
{
    public bool IsSpam => Label == "spam";

    /// <summary>Subject and body, the text a classifier sees.</summary>
    public string Text => Subject + "\n" + Body;

    /// <summary>Null when the label is spam or ham, else what is wrong (for <see cref="JsonLines.Read{R}"/>).</summary>
    public static string? Check(Email email) =>
        email.Label is "spam" or "ham" ? null : $"label '{email.Label}' is neither 'spam' nor 'ham'";
}
