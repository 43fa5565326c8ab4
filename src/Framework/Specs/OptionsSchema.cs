using System.Collections.Concurrent;
using System.Reflection;
using static Research.Framework.Specs.Schema;

namespace Research.Framework.Specs;

/// <summary>
/// The schema of a component's options, read off its options record: each primary-constructor
/// parameter is a key (snake_case of its name), typed by the parameter's type, ranged and documented
/// by its <see cref="OptionAttribute"/>, defaulted by the parameter's default value. A record with no
/// parameters is a component with no options. <see cref="SpecBinder"/> binds the resolved options back
/// to the same record.
/// </summary>
public static class OptionsSchema
{
    private static readonly ConcurrentDictionary<Type, MapType> Cache = new();

    public static MapType Of(Type options) => Cache.GetOrAdd(options, Build);

    private static MapType Build(Type options)
    {
        var parameters = SpecBinder.Constructor(options).GetParameters();
        return Map([.. parameters.Select(p => Field(options, p))]);
    }

    private static Field Field(Type options, ParameterInfo p)
    {
        var option = p.GetCustomAttribute<OptionAttribute>()
            ?? throw new InvalidOperationException($"{options.Name}.{p.Name}: an option needs an [Option(\"doc\")] attribute (its documentation line).");
        var type = TypeOf(options, p, option);
        var yaml = option.Default ?? (p.HasDefaultValue ? Yaml(p.DefaultValue) : null);
        return Key(SnakeCase(p.Name!), type, yaml, option.Doc);
    }

    private static SchemaType TypeOf(Type options, ParameterInfo p, OptionAttribute o)
    {
        var t = Nullable.GetUnderlyingType(p.ParameterType) ?? p.ParameterType;
        if (t == typeof(int) || t == typeof(long))
            return Int(double.IsNaN(o.Min) ? int.MinValue : (long)Math.Ceiling(o.Min), double.IsNaN(o.Max) ? int.MaxValue : (long)Math.Floor(o.Max));
        if (t == typeof(double))
            return Float(double.IsNaN(o.Min) ? double.NegativeInfinity : o.Min, double.IsNaN(o.Max) ? double.PositiveInfinity : o.Max, o.MinOpen, o.MaxOpen);
        if (t == typeof(bool)) return Bool();
        if (t == typeof(string)) return String();
        if (t == typeof(ValueList<int>))
            return ListOf(Int(double.IsNaN(o.ElementMin) ? int.MinValue : (long)o.ElementMin));
        if (t == typeof(ValueList<double>))
            return ListOf(Float(double.IsNaN(o.ElementMin) ? double.NegativeInfinity : o.ElementMin));
        throw new InvalidOperationException($"{options.Name}.{p.Name}: options are int, double, bool, string or ValueList<int> / ValueList<double>, not {t.Name}.");
    }

    private static string? Yaml(object? value) => value switch
    {
        null => null,
        bool b => b ? "true" : "false",
        int i => ScalarText.Format(i),
        long l => ScalarText.Format(l),
        double d => Scientific(d),
        string s => s.Length == 0 ? "\"\"" : ScalarText.FormatString(s),
        _ => throw new InvalidOperationException($"Unsupported option default {value}."),
    };

    /// <summary>A default float as a person writes it in YAML: 1.0e-8 rather than the round-trip form 1E-08.</summary>
    private static string Scientific(double d)
    {
        var text = ScalarText.Format(d);
        var e = text.IndexOf('E');
        if (e < 0) return text;
        var mantissa = text[..e];
        return $"{(mantissa.Contains('.') ? mantissa : mantissa + ".0")}e{int.Parse(text[(e + 1)..], System.Globalization.CultureInfo.InvariantCulture)}";
    }

    /// <summary>PascalCase or camelCase to snake_case: <c>WarmupSteps</c> gives <c>warmup_steps</c>.</summary>
    public static string SnakeCase(string name)
    {
        var sb = new System.Text.StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0) sb.Append('_');
            sb.Append(char.ToLowerInvariant(name[i]));
        }
        return sb.ToString();
    }
}
