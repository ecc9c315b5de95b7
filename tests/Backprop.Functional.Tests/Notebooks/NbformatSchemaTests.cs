using System.Text.Json.Nodes;
using Xunit;

namespace Backprop.Functional.Tests.Notebooks;

/// <summary>The schema checks catch what they claim to (so a passing validation means something).</summary>
public sealed class NbformatSchemaTests
{
    private const string Valid = """
        {"cells": [
          {"cell_type": "markdown", "id": "m", "metadata": {}, "source": ["# T\n", "x"]},
          {"cell_type": "code", "id": "c", "metadata": {}, "source": "1", "execution_count": 1, "outputs": [
            {"output_type": "stream", "name": "stdout", "text": ["a\n"]},
            {"output_type": "execute_result", "execution_count": 1, "data": {"text/plain": "2", "application/json": {"a": 1}}, "metadata": {}},
            {"output_type": "display_data", "data": {"image/png": "AAA="}, "metadata": {}},
            {"output_type": "error", "ename": "E", "evalue": "v", "traceback": ["t"]}]}],
         "metadata": {"kernelspec": {"name": "k", "display_name": "K"}}, "nbformat": 4, "nbformat_minor": 5}
        """;

    [Fact]
    public void AValidNotebookHasNoErrors() => Assert.Empty(NbformatSchema.Validate(JsonNode.Parse(Valid)));

    [Theory]
    [InlineData("\"nbformat\": 4", "\"nbformat\": 3", "$.nbformat: 3, expected 4")]
    [InlineData("\"cell_type\": \"markdown\"", "\"cell_type\": \"heading\"", "$.cells[0].cell_type: 'heading' is not one of code, markdown, raw")]
    [InlineData("\"output_type\": \"stream\"", "\"output_type\": \"text\"", "$.cells[1].outputs[0].output_type: 'text' is not one of execute_result, display_data, stream, error")]
    [InlineData("\"name\": \"stdout\", ", "", "$.cells[1].outputs[0]: missing required 'name'")]
    [InlineData("\"traceback\": [\"t\"]", "\"traceback\": \"t\"", "$.cells[1].outputs[3].traceback: expected an array, got String")]
    [InlineData("\"source\": \"1\"", "\"source\": 1", "$.cells[1].source: expected a string, got Number")]
    [InlineData("\"source\": [\"# T\\n\", \"x\"]", "\"source\": [\"# T\\n\", 2]", "$.cells[0].source[]: expected a string, got Number")]
    [InlineData("\"id\": \"m\"", "\"id\": \"m m\"", "$.cells[0].id: 'm m' does not match ^[a-zA-Z0-9-_]+$ (1 to 64 characters)")]
    [InlineData("\"execution_count\": 1, \"outputs\"", "\"outputs\"", "$.cells[1]: missing required 'execution_count'")]
    [InlineData("\"metadata\": {}, \"source\": \"1\"", "\"metadata\": [], \"source\": \"1\"", "$.cells[1].metadata: expected an object, got Array")]
    [InlineData("\"data\": {\"image/png\": \"AAA=\"}, \"metadata\": {}", "\"data\": {\"image/png\": \"AAA=\"}, \"metadata\": {}, \"extra\": 1", "$.cells[1].outputs[2]: unexpected 'extra'")]
    [InlineData("\"display_name\": \"K\"", "\"display_name\": 1", "$.metadata.kernelspec.display_name: expected a string, got Number")]
    public void EachViolationIsReported(string original, string replacement, string expected)
    {
        Assert.Contains(original, Valid);
        Assert.Contains(expected, NbformatSchema.Validate(JsonNode.Parse(Valid.Replace(original, replacement))));
    }
}
