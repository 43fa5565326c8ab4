using Research.Framework.IO;

namespace Research.Framework.Nn;

/// <summary>Saves and loads a module's parameters (a <see cref="TensorFile"/>), all or nothing.</summary>
public static class ParameterFile
{
    public static void Save(this Module module, string path) => TensorFile.Write(path, module.NamedParameters());

    /// <summary>
    /// Loads parameters saved from a module of the same structure. Every name and shape is checked
    /// before any value is copied, so a mismatched or damaged file changes nothing.
    /// </summary>
    public static void Load(this Module module, string path)
    {
        var stored = TensorFile.Read(path).ToDictionary(e => e.Name);
        var expected = module.NamedParameters();
        var missing = expected.Where(p => !stored.ContainsKey(p.Name)).Select(p => p.Name).ToList();
        var extra = stored.Keys.Except(expected.Select(p => p.Name)).ToList();
        if (missing.Count > 0 || extra.Count > 0)
            throw new InvalidDataException(
                $"{path}: parameters do not match the model (missing: [{string.Join(", ", missing)}]; unexpected: [{string.Join(", ", extra)}]).");
        foreach (var (name, p) in expected)
            if (stored[name].Shape != p.Shape)
                throw new InvalidDataException($"{path}: parameter '{name}' has shape {stored[name].Shape} in the file but {p.Shape} in the model.");
        foreach (var (name, p) in expected) p.CopyFrom(stored[name].Values);
    }
}
