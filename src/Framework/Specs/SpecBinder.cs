using System.Collections.Concurrent;
using System.Reflection;

namespace Research.Framework.Specs;

/// <summary>
/// Binds resolved values to the spec records: a <see cref="ValueMap"/> becomes the record whose
/// constructor parameters are named like its keys (<c>train_subset</c> binds <c>TrainSubset</c>),
/// recursively. The schema and the records must name the same keys; a mismatch is a programming
/// error and throws <see cref="InvalidOperationException"/>.
/// </summary>
public static class SpecBinder
{
    private sealed record Shape(ConstructorInfo Constructor, ParameterInfo[] Parameters, bool[] Optional, string[] Keys);

    private static readonly ConcurrentDictionary<Type, Shape> Shapes = new();

    public static T Bind<T>(ValueMap values) => (T)Bind(typeof(T), values)!;

    private static Shape ShapeOf(Type type) => Shapes.GetOrAdd(type, t =>
    {
        var ctor = Constructor(t);
        var parameters = ctor.GetParameters();
        return new Shape(ctor, parameters, [.. parameters.Select(IsOptional)], [.. parameters.Select(p => Normalize(p.Name!))]);
    });

    /// <summary>Underscores dropped and lower-cased: <c>train_subset</c> and <c>TrainSubset</c> both give <c>trainsubset</c>.</summary>
    internal static string Normalize(string name) => name.Replace("_", "").ToLowerInvariant();

    internal static ConstructorInfo Constructor(Type type) =>
        type.GetConstructors(BindingFlags.Public | BindingFlags.Instance)
            .Where(c => !(c.GetParameters() is [var p] && p.ParameterType == type))
            .OrderByDescending(c => c.GetParameters().Length)
            .First();

    private static object? Bind(Type type, object? value)
    {
        if (value is null)
            return null;
        var target = Nullable.GetUnderlyingType(type) ?? type;
        if (target.IsInstanceOfType(value))
            return value;
        switch (value)
        {
            case ValueMap map:
                var (ctor, parameters, optional, keys) = ShapeOf(target);
                var byName = map.ToDictionary(e => Normalize(e.Key), e => e.Value);
                var unbound = byName.Keys.Except(keys).ToList();
                if (unbound.Count > 0)
                    throw new InvalidOperationException($"{target.Name} has no parameter for key(s) {string.Join(", ", unbound)}");
                var args = new object?[parameters.Length];
                for (var k = 0; k < parameters.Length; k++)
                {
                    var p = parameters[k];
                    if (!byName.TryGetValue(keys[k], out var v) && !optional[k])
                        throw new InvalidOperationException($"no key binds {target.Name}.{p.Name}");
                    args[k] = Bind(p.ParameterType, v);
                }
                return ctor.Invoke(args);
            case ValueList<object?> list when target.IsGenericType && target.GetGenericTypeDefinition() == typeof(ValueList<>):
                var element = target.GetGenericArguments()[0];
                var items = Array.CreateInstance(element, list.Count);
                for (var i = 0; i < list.Count; i++)
                    items.SetValue(Bind(element, list[i]), i);
                return Activator.CreateInstance(target, new object[] { items });
            case int i when target == typeof(double):
                return (double)i;
            default:
                throw new InvalidOperationException($"cannot bind {value.GetType().Name} to {target.Name}");
        }
    }

    private static bool IsOptional(ParameterInfo p) =>
        !p.ParameterType.IsValueType && new NullabilityInfoContext().Create(p).WriteState == NullabilityState.Nullable;
}
