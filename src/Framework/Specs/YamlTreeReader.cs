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
        if (Load(yaml) is not { } stream)
            return Failed();
        if (stream.Documents.Count == 0)
            return SpecMapping.Empty(new SourceLocation(file, 1, 1));
        return Convert(stream.Documents[0].RootNode, file, errors);

        SpecNode Failed()
        {
            var (line, column, message) = Problem(yaml);
            errors.Add(new SpecError(file, line, column, "", "YAML syntax: " + message));
            return SpecMapping.Empty(new SourceLocation(file, 1, 1));
        }
    }

    /// <summary>True when the text holds no YAML content: nothing, blank lines, comments, a bare <c>---</c>.</summary>
    public static bool IsBlank(string yaml) =>
        Load(yaml) is { } stream
        && (stream.Documents.Count == 0 || stream.Documents[0].RootNode is YamlScalarNode { Value: null or "", Style: ScalarStyle.Plain });

    /// <summary>A single value written inline, as in <c>--set key=value</c>: <c>5</c>, <c>[1, 5]</c>, <c>{linear: {warmup_steps: 10}}</c>.</summary>
    public static SpecNode ReadValue(string text, SourceLocation location, List<SpecError> errors, string keyPath)
    {
        if (text.Trim().Length == 0)
            return new SpecScalar("", false, location);
        if (Load(text) is not { } stream)
        {
            errors.Add(SpecError.At(location, keyPath, "cannot read value as YAML: " + Problem(text).Message));
            return new SpecScalar("", false, location);
        }
        var node = Convert(stream.Documents[0].RootNode, location.File, errors);
        return Relocate(node, location);
    }

    /// <summary>The parsed stream, or null when the text is not valid YAML (<see cref="Problem"/> then says why and where).</summary>
    private static YamlStream? Load(string yaml)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
            return stream;
        }
        catch (Exception e) when (e is YamlException or InvalidOperationException or ArgumentException)
        {
            return null;
        }
    }

    /// <summary>
    /// Where and why <paramref name="yaml"/> fails to parse, 1-based. Parsed again with a tracker of
    /// open brackets, so an unclosed <c>{</c> or <c>[</c> points at its bracket (YamlDotNet gives up at
    /// the end of the file, or fails with no position at all), and a tab points at the tab.
    /// </summary>
    private static (int Line, int Column, string Message) Problem(string yaml)
    {
        var scanner = new Scanner(new StringReader(yaml));
        var parser = new FlowCollectionTracker(new Parser(scanner));
        try
        {
            new YamlStream().Load(parser);
            return (1, 1, "cannot read the document");
        }
        catch (YamlException e)
        {
            if (e.Message.StartsWith("Duplicate key ", StringComparison.Ordinal))
                return ((int)e.Start.Line, (int)e.Start.Column, $"duplicate key '{e.Message["Duplicate key ".Length..]}'");
            var message = Innermost(e).Message;
            if (parser.Innermost is { } open && message.StartsWith("While parsing a flow", StringComparison.Ordinal))
                return Unclosed(open, e.Start);
            if (message.Contains("tab", StringComparison.OrdinalIgnoreCase) && TabAfter(yaml, (int)e.Start.Index) is { } tab)
                return (tab.Line, tab.Column, message + " (indent with spaces)");
            return ((int)e.Start.Line, (int)e.Start.Column, message);
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException)
        {
            var at = scanner.CurrentPosition;
            return parser.Innermost is { } open
                ? Unclosed(open, at)
                : ((int)at.Line, (int)at.Column, "cannot read the document here");
        }
    }

    private static (int, int, string) Unclosed((char Bracket, Mark Start) open, Mark gaveUp) =>
        ((int)open.Start.Line, (int)open.Start.Column,
            $"this '{open.Bracket}' is never closed: expected ',' or '{(open.Bracket == '{' ? '}' : ']')}' before line {gaveUp.Line}, column {gaveUp.Column}");

    /// <summary>The first tab at or after <paramref name="index"/> that indents its line (else any tab), 1-based.</summary>
    private static (int Line, int Column)? TabAfter(string yaml, int index)
    {
        int? any = null;
        for (var i = Math.Clamp(index, 0, yaml.Length); i < yaml.Length; i++)
        {
            if (yaml[i] != '\t')
                continue;
            any ??= i;
            var lineStart = yaml.LastIndexOf('\n', Math.Max(0, i - 1)) + 1;
            if (yaml.AsSpan(lineStart, i - lineStart).Trim(" \t").IsEmpty)
                return Position(yaml, i);
        }
        return any is { } first ? Position(yaml, first) : null;
    }

    private static (int Line, int Column) Position(string yaml, int index)
    {
        var line = 1 + yaml.AsSpan(0, index).Count('\n');
        var lineStart = yaml.LastIndexOf('\n', Math.Max(0, index - 1)) + 1;
        return (line, index - lineStart + 1);
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
