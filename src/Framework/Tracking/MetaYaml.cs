using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Research.Framework.Tracking;

/// <summary>
/// The tiny YAML of MLflow's meta.yaml files: one flat mapping, keys sorted, values that are
/// strings, integers, <c>null</c>, <c>[]</c> or <c>{}</c>, written as PyYAML's <c>safe_dump</c>
/// writes them (a string that would read as another type, or has special characters, is
/// single-quoted; control characters use double quotes). The reader takes that format back,
/// plus what PyYAML may add: folded continuation lines and nested blocks (skipped).
/// </summary>
public static partial class MetaYaml
{
    /// <summary>Marks a value written as <c>[]</c>.</summary>
    public static readonly object EmptyList = new EmptyMarker("[]");

    /// <summary>Marks a value written as <c>{}</c>.</summary>
    public static readonly object EmptyMap = new EmptyMarker("{}");

    private sealed record EmptyMarker(string Text);

    /// <summary>Writes a mapping of string, long/int, null, <see cref="EmptyList"/> or <see cref="EmptyMap"/> values, keys sorted.</summary>
    public static string Write(IEnumerable<KeyValuePair<string, object?>> entries)
    {
        var builder = new StringBuilder();
        foreach (var (key, value) in entries.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            builder.Append(Scalar(key)).Append(": ");
            builder.Append(value switch
            {
                null => "null",
                string s => Scalar(s),
                long l => l.ToString(CultureInfo.InvariantCulture),
                int i => i.ToString(CultureInfo.InvariantCulture),
                EmptyMarker m => m.Text,
                _ => throw new ArgumentException($"meta.yaml value of type {value.GetType().Name} is not supported.", nameof(entries)),
            });
            builder.Append('\n');
        }
        return builder.ToString();
    }

    // YAML 1.1's implicit types as PyYAML resolves them: a plain scalar matching one is not a string.
    [GeneratedRegex(@"^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF"
        + @"|~|null|Null|NULL|<<|="
        + @"|[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+"
        + @"|[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9_]+(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*"
        + @"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)"
        + @"|[0-9]{4}-[0-9]{2}-[0-9]{2}"
        + @"|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?)$")]
    private static partial Regex ImplicitlyTyped();

    /// <summary>A string as a YAML scalar: plain where PyYAML leaves it plain, else quoted.</summary>
    public static string Scalar(string value)
    {
        if (value.Any(char.IsControl)) return DoubleQuoted(value);
        return IsPlainSafe(value) ? value : "'" + value.Replace("'", "''") + "'";
    }

    private static bool IsPlainSafe(string value)
    {
        if (value.Length == 0 || ImplicitlyTyped().IsMatch(value)) return false;
        var first = value[0];
        if (",[]{}#&*!|>'\"%@`".Contains(first)) return false;
        if (first is '-' or '?' or ':' && (value.Length == 1 || value[1] == ' ')) return false;
        if (first == ' ' || value[^1] is ' ' or ':') return false;
        if (value.Contains(": ", StringComparison.Ordinal) || value.Contains(" #", StringComparison.Ordinal)) return false;
        foreach (var c in value)
            if (!(char.IsLetterOrDigit(c) || c is '_' or '-' or '.' or '/' or ':' or ' ' or '+' or '(' or ')' or '=' or ',' or '@' or '%' or '~'))
                return false;
        return true;
    }

    private static string DoubleQuoted(string value)
    {
        var builder = new StringBuilder("\"");
        foreach (var c in value)
        {
            builder.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                _ when char.IsControl(c) => $"\\u{(int)c:x4}",
                _ => c.ToString(),
            });
        }
        return builder.Append('"').ToString();
    }

    /// <summary>
    /// Reads the top-level scalars of a meta.yaml: each value as its string (quotes removed), null
    /// for <c>null</c>/<c>~</c>/empty, the text <c>[]</c> or <c>{}</c> for empty collections.
    /// Nested blocks are skipped.
    /// </summary>
    public static IReadOnlyDictionary<string, string?> Read(string text)
    {
        var result = new Dictionary<string, string?>(StringComparer.Ordinal);
        var lines = text.Replace("\r\n", "\n").Split('\n');
        var i = 0;
        while (i < lines.Length)
        {
            var line = lines[i];
            if (line.Length == 0 || line[0] == ' ' || line[0] == '#' || line.StartsWith("---", StringComparison.Ordinal)) { i++; continue; }
            var (key, rest) = SplitKey(line);
            i++;
            // Continuation lines of this value are the indented ones that follow.
            var continuation = new List<string>();
            while (i < lines.Length && (lines[i].StartsWith(' ') || lines[i].Length == 0 && i + 1 < lines.Length && lines[i + 1].StartsWith(' ')))
                continuation.Add(lines[i++]);
            result[key] = ReadValue(rest.Trim(), continuation);
        }
        return result;
    }

    private static (string Key, string Remainder) SplitKey(string line)
    {
        if (line[0] is '\'' or '"')
        {
            var (key, end) = line[0] == '\'' ? ReadSingleQuoted(line, 0) : ReadDoubleQuoted(line, 0);
            var colon = line.IndexOf(':', end);
            return (key, line[(colon + 1)..]);
        }
        var separator = line.IndexOf(": ", StringComparison.Ordinal);
        if (separator < 0)
        {
            if (line.EndsWith(':')) return (line[..^1], "");
            throw new FormatException($"Not a 'key: value' line in meta.yaml: {line}");
        }
        return (line[..separator], line[(separator + 2)..]);
    }

    private static string? ReadValue(string first, List<string> continuation)
    {
        // Empty: null, or a nested block (e.g. the tags of a run input), which is not a scalar.
        if (first.Length == 0) return null;
        if (first[0] is '\'' or '"')
        {
            var joined = Fold(first, continuation);
            return first[0] == '\'' ? ReadSingleQuoted(joined, 0).Value : ReadDoubleQuoted(joined, 0).Value;
        }
        var plain = Fold(first, continuation);
        return plain is "null" or "Null" or "NULL" or "~" ? null : plain;
    }

    // YAML line folding: a line break between non-empty lines becomes a space, each empty line a newline.
    private static string Fold(string first, List<string> continuation)
    {
        var builder = new StringBuilder(first.TrimEnd());
        var pendingNewlines = 0;
        foreach (var raw in continuation)
        {
            var line = raw.Trim();
            if (line.Length == 0) { pendingNewlines++; continue; }
            builder.Append(pendingNewlines == 0 ? " " : new string('\n', pendingNewlines));
            builder.Append(line);
            pendingNewlines = 0;
        }
        return builder.ToString();
    }

    private static (string Value, int End) ReadSingleQuoted(string s, int start)
    {
        var builder = new StringBuilder();
        for (var i = start + 1; i < s.Length; i++)
        {
            if (s[i] != '\'') { builder.Append(s[i]); continue; }
            if (i + 1 < s.Length && s[i + 1] == '\'') { builder.Append('\''); i++; continue; }
            return (builder.ToString(), i + 1);
        }
        throw new FormatException("Unterminated single-quoted scalar in meta.yaml.");
    }

    private static (string Value, int End) ReadDoubleQuoted(string s, int start)
    {
        var builder = new StringBuilder();
        for (var i = start + 1; i < s.Length; i++)
        {
            var c = s[i];
            if (c == '"') return (builder.ToString(), i + 1);
            if (c != '\\') { builder.Append(c); continue; }
            var e = s[++i];
            switch (e)
            {
                case 'n': builder.Append('\n'); break;
                case 'r': builder.Append('\r'); break;
                case 't': builder.Append('\t'); break;
                case '0': builder.Append('\0'); break;
                case ' ': builder.Append(' '); break;
                case 'x': builder.Append((char)Convert.ToInt32(s.Substring(i + 1, 2), 16)); i += 2; break;
                case 'u': builder.Append((char)Convert.ToInt32(s.Substring(i + 1, 4), 16)); i += 4; break;
                case 'U': builder.Append(char.ConvertFromUtf32(Convert.ToInt32(s.Substring(i + 1, 8), 16))); i += 8; break;
                default: builder.Append(e); break;
            }
        }
        throw new FormatException("Unterminated double-quoted scalar in meta.yaml.");
    }
}
