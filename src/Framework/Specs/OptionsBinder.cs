using System.Collections;
using System.Globalization;
using System.Reflection;

namespace Research.Framework.Specs;

/// <summary>
/// Builds a component's options record from loosely typed settings (code that builds components
/// without a spec: tests, tools), with the same defaults as the spec schema (<see cref="OptionsSchema"/>).
/// Keys are the options' snake_case names; keys the record does not declare are left to whoever
/// else reads the settings (the model's stochastic layers, for instance).
/// </summary>
public static class OptionsBinder
{
    public static T FromSettings<T>(IReadOnlyDictionary<string, object>? settings) => (T)FromSettings(typeof(T), settings);

    public static object FromSettings(Type options, IReadOnlyDictionary<string, object>? settings)
    {
        var ctor = SpecBinder.Constructor(options);
        var args = ctor.GetParameters().Select(p =>
        {
            var key = OptionsSchema.SnakeCase(p.Name!);
            return settings is not null && settings.TryGetValue(key, out var value) && value is not null
                ? Convert(options, key, value, p.ParameterType)
                : Default(options, p);
        }).ToArray();
        return ctor.Invoke(args);
    }

    private static object? Default(Type options, ParameterInfo p) =>
        p.GetCustomAttribute<OptionAttribute>()?.Default is { } yaml
            ? Convert(options, OptionsSchema.SnakeCase(p.Name!), ParseList(yaml), p.ParameterType)
            : p.HasDefaultValue ? p.DefaultValue : throw new InvalidOperationException($"{options.Name}.{p.Name} has no default: give it in the settings.");

    /// <summary>A YAML flow list of numbers ("[100, 100]") as strings, the only kind of default written as text.</summary>
    private static object ParseList(string yaml) =>
        yaml.Trim() is ['[', .. var inner, ']']
            ? inner.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            : yaml;

    private static object Convert(Type options, string key, object value, Type target)
    {
        var t = Nullable.GetUnderlyingType(target) ?? target;
        try
        {
            if (t == typeof(ValueList<int>)) return new ValueList<int>(Items(value).Select(v => (int)Number(v)));
            if (t == typeof(ValueList<double>)) return new ValueList<double>(Items(value).Select(Number));
            if (t == typeof(int)) return checked((int)Integer(value));
            if (t == typeof(long)) return Integer(value);
            if (t == typeof(double)) return Number(value);
            if (t == typeof(bool)) return value is bool b ? b : bool.Parse(System.Convert.ToString(value, CultureInfo.InvariantCulture)!);
            if (t == typeof(string)) return System.Convert.ToString(value, CultureInfo.InvariantCulture)!;
        }
        catch (Exception e) when (e is FormatException or InvalidCastException or OverflowException)
        {
            throw new ArgumentException($"Setting '{key}' of {options.Name}: '{value}' is not a {t.Name}.", e);
        }
        throw new ArgumentException($"Setting '{key}' of {options.Name}: unsupported option type {t.Name}.");
    }

    private static IEnumerable<object> Items(object value) =>
        value is not string && value is IEnumerable list ? list.Cast<object>() : [value];

    private static double Number(object v) => v is string s ? double.Parse(s, CultureInfo.InvariantCulture) : System.Convert.ToDouble(v, CultureInfo.InvariantCulture);

    private static long Integer(object v)
    {
        var d = Number(v);
        return d == Math.Floor(d) ? (long)d : throw new FormatException($"{v} is not an integer");
    }
}
