using System.Collections.Immutable;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Research.Framework.Specs;

/// <summary>Reads YAML text into a <see cref="SpecNode"/> tree that keeps each node's file, line and column.</summary>
public static class YamlTreeReader
{
    /// <summary>
    /// The first document of <paramref name="yaml"/> as a tree (an empty document is an empty
    /// mapping), or the syntax errors with their positions.
    /// </summary>
    public static SpecNode Read(string yaml, string file, List<SpecError> errors)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            var message = e.Message.StartsWith("Duplicate key ", StringComparison.Ordinal)
                ? $"duplicate key '{e.Message["Duplicate key ".Length..]}'"
                : Innermost(e).Message;
            errors.Add(new SpecError(file, (int)e.Start.Line, (int)e.Start.Column, "", "YAML syntax: " + message));
            return SpecMapping.Empty(new SourceLocation(file, 1, 1));
        }
        if (stream.Documents.Count == 0)
            return SpecMapping.Empty(new SourceLocation(file, 1, 1));
        return Convert(stream.Documents[0].RootNode, file, errors);
    }

    /// <summary>A single value written inline, as in <c>--set key=value</c>: <c>5</c>, <c>[1, 5]</c>, <c>{linear: {warmup_steps: 10}}</c>.</summary>
    public static SpecNode ReadValue(string text, SourceLocation location, List<SpecError> errors, string keyPath)
    {
        if (text.Trim().Length == 0)
            return new SpecScalar("", false, location);
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            errors.Add(SpecError.At(location, keyPath, "cannot read value as YAML: " + Innermost(e).Message));
            return new SpecScalar("", false, location);
        }
        var node = Convert(stream.Documents[0].RootNode, location.File, errors);
        return Relocate(node, location);
    }

    private static Exception Innermost(Exception e)
    {
        while (e.InnerException is { } inner)
            e = inner;
        return e;
    }

    private static SpecNode Convert(YamlNode node, string file, List<SpecError> errors)
    {
        var at = new SourceLocation(file, (int)node.Start.Line, (int)node.Start.Column);
        switch (node)
        {
            case YamlScalarNode scalar:
                var quoted = scalar.Style is ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted
                    or ScalarStyle.Literal or ScalarStyle.Folded;
                return new SpecScalar(scalar.Value ?? "", quoted, at);
            case YamlSequenceNode sequence:
                return new SpecSequence([.. sequence.Children.Select(c => Convert(c, file, errors))], at);
            case YamlMappingNode mapping:
                var entries = ImmutableArray.CreateBuilder<SpecEntry>();
                foreach (var (key, value) in mapping.Children)
                {
                    var keyAt = new SourceLocation(file, (int)key.Start.Line, (int)key.Start.Column);
                    if (key is not YamlScalarNode { Value: { } keyText })
                    {
                        errors.Add(SpecError.At(keyAt, "", "mapping keys must be plain strings"));
                        continue;
                    }
                    entries.Add(new SpecEntry(keyText, keyAt, Convert(value, file, errors)));
                }
                return new SpecMapping(entries.ToImmutable(), at);
            default:
                errors.Add(SpecError.At(at, "", $"unsupported YAML node {node.NodeType}"));
                return new SpecScalar("", false, at);
        }
    }

    private static SpecNode Relocate(SpecNode node, SourceLocation location) => node switch
    {
        SpecScalar s => s with { Location = location },
        SpecSequence q => new SpecSequence([.. q.Items.Select(i => Relocate(i, location))], location),
        SpecMapping m => new SpecMapping(
            [.. m.Entries.Select(e => new SpecEntry(e.Key, location, Relocate(e.Value, location)))], location),
        _ => node,
    };
}
