using System.Reflection;

namespace Research.Framework.Specs;

/// <summary>
/// Every component declaration in the loaded assemblies: a public static property (or field) of a
/// <see cref="ComponentDeclaration"/> type, in a public type of an assembly that references this one.
/// So a new component is its own file: declaring it is registering it, whether it lives in the
/// framework, the executable or a test project. Found once and again whenever an assembly loads.
/// </summary>
public static class ComponentDeclarations
{
    private static readonly Lock Gate = new();
    private static IReadOnlyList<ComponentDeclaration>? _all;

    static ComponentDeclarations() => AppDomain.CurrentDomain.AssemblyLoad += (_, _) =>
    {
        lock (Gate) _all = null;
    };

    /// <summary>Every declaration: the framework's first, then other assemblies' by name; within one, by kind and name.</summary>
    public static IReadOnlyList<ComponentDeclaration> All
    {
        get
        {
            lock (Gate) return _all ??= Discover();
        }
    }

    /// <summary>The declarations of one kind.</summary>
    public static IEnumerable<ComponentDeclaration> OfKind(ComponentKind kind) => All.Where(d => d.Kind == kind);

    /// <summary>The declaration of <paramref name="kind"/> named <paramref name="name"/> as <typeparamref name="T"/>, or an error listing the valid names.</summary>
    public static T Find<T>(ComponentKind kind, string name) where T : ComponentDeclaration =>
        OfKind(kind).OfType<T>().FirstOrDefault(d => d.Name == name)
        ?? throw new ArgumentException($"Unknown {ComponentCatalog.Noun(kind)} '{name}'. Valid: {string.Join(", ", OfKind(kind).OfType<T>().Select(d => d.Name))}.");

    private static IReadOnlyList<ComponentDeclaration> Discover()
    {
        var self = typeof(ComponentDeclaration).Assembly;
        var assemblies = AppDomain.CurrentDomain.GetAssemblies()
            .Where(a => !a.IsDynamic && (a == self || a.GetReferencedAssemblies().Any(r => r.Name == self.GetName().Name)))
            .OrderBy(a => a == self ? 0 : 1).ThenBy(a => a.GetName().Name, StringComparer.Ordinal);
        var found = assemblies.SelectMany(Declarations).ToList();
        var clash = found.GroupBy(d => (d.Kind, d.Name)).FirstOrDefault(g => g.Count() > 1);
        if (clash is not null)
            throw new InvalidOperationException($"The {ComponentCatalog.Noun(clash.Key.Kind)} '{clash.Key.Name}' is declared {clash.Count()} times.");
        return found;
    }

    /// <summary>
    /// The declarations of one assembly alone (the framework's own, for the shipped reference), by kind
    /// and name: a stable order for messages and the reference, whatever file holds a declaration.
    /// </summary>
    public static IEnumerable<ComponentDeclaration> Declarations(Assembly assembly) =>
        Members(assembly).OrderBy(d => d.Kind).ThenBy(d => d.Name, StringComparer.Ordinal);

    private static IEnumerable<ComponentDeclaration> Members(Assembly assembly)
    {
        Type[] types;
        try
        {
            types = assembly.GetExportedTypes();
        }
        catch (Exception e) when (e is ReflectionTypeLoadException or FileNotFoundException or NotSupportedException)
        {
            yield break; // an assembly whose types cannot all load declares nothing usable
        }
        const BindingFlags Static = BindingFlags.Public | BindingFlags.Static | BindingFlags.DeclaredOnly;
        foreach (var type in types.Where(t => !t.ContainsGenericParameters).OrderBy(t => t.FullName, StringComparer.Ordinal))
        {
            var members = type.GetProperties(Static).Where(p => typeof(ComponentDeclaration).IsAssignableFrom(p.PropertyType) && p.GetIndexParameters().Length == 0)
                .Select(p => (p.MetadataToken, Value: p.GetValue(null)))
                .Concat(type.GetFields(Static).Where(f => typeof(ComponentDeclaration).IsAssignableFrom(f.FieldType)).Select(f => (f.MetadataToken, Value: f.GetValue(null))))
                .OrderBy(m => m.MetadataToken);
            foreach (var (_, value) in members)
                if (value is ComponentDeclaration declaration) yield return declaration;
        }
    }
}
