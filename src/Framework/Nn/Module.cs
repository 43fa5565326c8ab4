using System.Collections.Concurrent;
using System.Reflection;
using System.Text;
using Research.Framework.Tensors;

namespace Research.Framework.Nn;

/// <summary>
/// A network as an immutable record of tensors and sub-modules (Equinox style). Parameters are
/// found by walking the record's public properties in declaration order: a Tensor is a parameter
/// (unless marked <see cref="BufferAttribute"/>), a Module is walked with its name as prefix, and a
/// list of modules is walked with each index. The order is deterministic, so saved files and
/// optimizer state line up across runs. Only an optimizer changes parameter values, in place.
/// A tensor reachable along two paths (a parameter shared by two components, such as the ladder
/// VAE's top-down path, used by its prior and its posterior) is one parameter, listed once under
/// the first path that reaches it.
/// </summary>
public abstract record Module
{
    private static readonly ConcurrentDictionary<Type, PropertyInfo[]> WalkedProperties = new();

    /// <summary>Maps a batch through the module.</summary>
    public abstract Tensor Forward(Tensor x);

    /// <summary>Parameters with dotted names in PyTorch style ("layers.0.weight").</summary>
    public IReadOnlyList<(string Name, Tensor Parameter)> NamedParameters()
    {
        var result = new List<(string, Tensor)>();
        Walk(this, "", result, new HashSet<Tensor>(ReferenceEqualityComparer.Instance));
        return result;
    }

    public IReadOnlyList<Tensor> Parameters() => NamedParameters().Select(p => p.Parameter).ToList();

    /// <summary>
    /// Moves every parameter and buffer (masks, constants) to <paramref name="device"/> in place and
    /// returns this module, as PyTorch's <c>module.to(device)</c>: values, names and parameter order
    /// stay, gradients are dropped. Modules are built on the host (seeded initializers) and then moved.
    /// </summary>
    public Module To(Device device)
    {
        var tensors = new List<(string, Tensor)>();
        Walk(this, "", tensors, new HashSet<Tensor>(ReferenceEqualityComparer.Instance), includeBuffers: true);
        foreach (var (_, t) in tensors) t.MoveTo(device);
        return this;
    }

    /// <summary>The device of the parameters (the native engine for a module without any).</summary>
    public Device ParameterDevice() => NamedParameters() is [var (_, first), ..] ? first.Device : Device.Native;

    /// <summary>The total number of trainable scalars.</summary>
    public int ParameterCount() => NamedParameters().Sum(p => p.Parameter.Size);

    private static void Walk(object node, string prefix, List<(string, Tensor)> result, HashSet<Tensor> seen, bool includeBuffers = false)
    {
        foreach (var property in WalkedProperties.GetOrAdd(node.GetType(), PropertiesInOrder))
        {
            var name = prefix + SnakeCase(property.Name);
            switch (property.GetValue(node))
            {
                case Tensor t when includeBuffers || property.GetCustomAttribute<BufferAttribute>() is null:
                    if (seen.Add(t)) result.Add((name, t));
                    break;
                case Module m:
                    Walk(m, name + ".", result, seen, includeBuffers);
                    break;
                case IEnumerable<Module> list:
                    var i = 0;
                    foreach (var m in list) Walk(m, $"{name}.{i++}.", result, seen, includeBuffers);
                    break;
            }
        }
    }

    /// <summary>Public instance properties, base class first, each class in declaration (metadata) order.</summary>
    private static PropertyInfo[] PropertiesInOrder(Type type)
    {
        var chain = new List<Type>();
        for (var t = type; t is not null && t != typeof(object); t = t.BaseType) chain.Insert(0, t);
        return chain
            .SelectMany(t => t.GetProperties(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
                .Where(p => p.GetIndexParameters().Length == 0)
                .OrderBy(p => p.MetadataToken))
            .ToArray();
    }

    private static string SnakeCase(string name)
    {
        var sb = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsUpper(c) && i > 0) sb.Append('_');
            sb.Append(char.ToLowerInvariant(c));
        }
        return sb.ToString();
    }
}
