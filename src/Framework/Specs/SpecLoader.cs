namespace Research.Framework.Specs;

/// <summary>
/// Loads a spec: reads the YAML, follows <c>base:</c> (relative to the spec's folder, deep merge,
/// cycles detected), applies <c>--set</c> overrides, validates everything against the schema and
/// binds the records. Every problem found along the way is collected and thrown together as one
/// <see cref="SpecException"/>; nothing is returned unless the whole spec is valid.
/// </summary>
public static class SpecLoader
{
    /// <summary>Loads the spec file at <paramref name="path"/> with <c>--set</c> <paramref name="overrides"/>.</summary>
    public static ExperimentSpec Load(string path, IEnumerable<string>? overrides = null, SpecSchema? schema = null)
    {
        schema ??= SpecSchema.Default;
        var errors = new List<SpecError>();
        var yaml = ReadSpecFile(path);
        if (YamlTreeReader.IsBlank(yaml))
            // Every key at its default is the full job (all of MNIST, 100 epochs, K=5000 evaluations): hours
            // that nobody asks for by saving an empty file.
            throw new SpecException([new SpecError(path, 1, 1, "",
                "the spec file is empty (no keys); an empty spec would train every default for hours. " +
                "Write at least the keys you mean (see experiments/quickstart.yaml)")]);
        var tree = ReadWithBases(schema, yaml, path, Path.GetFullPath(path), [], errors);
        return Finish(schema, tree, path, overrides, errors);
    }

    /// <summary>The text of a spec file, or a spec error saying why it cannot be read (missing, a folder, no permission).</summary>
    private static string ReadSpecFile(string path)
    {
        if (Directory.Exists(path))
        {
            var specs = Directory.EnumerateFiles(path, "*.yaml").Select(Path.GetFileName).Order(StringComparer.Ordinal).Take(5).ToList();
            throw new SpecException([new SpecError(path, 0, 0, "", "is a folder, not a spec file" +
                (specs.Count > 0 ? $"; it holds {string.Join(", ", specs)}" : ""))]);
        }
        if (!File.Exists(path))
            throw new SpecException([new SpecError(path, 0, 0, "", "spec file not found")]);
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SpecException([new SpecError(path, 0, 0, "", $"cannot read the spec file: {e.Message}")]);
        }
    }

    /// <summary>
    /// Parses spec text as if read from <paramref name="file"/> (used in messages; a <c>base:</c>
    /// is looked up relative to its folder, or the current folder when it has none).
    /// </summary>
    public static ExperimentSpec Parse(string yaml, string file = "spec.yaml", IEnumerable<string>? overrides = null,
        SpecSchema? schema = null)
    {
        schema ??= SpecSchema.Default;
        var errors = new List<SpecError>();
        var tree = ReadWithBases(schema, yaml, file, Path.GetFullPath(file), [], errors);
        return Finish(schema, tree, file, overrides, errors);
    }

    /// <summary>Every error in a spec file, or none; what the <c>validate</c> verb reports.</summary>
    public static IReadOnlyList<SpecError> Validate(string path, IEnumerable<string>? overrides = null, SpecSchema? schema = null)
    {
        try
        {
            Load(path, overrides, schema);
            return [];
        }
        catch (SpecException e)
        {
            return e.Errors;
        }
    }

    /// <summary>
    /// Where <paramref name="keyPath"/> is written in the spec file (its value's position), to point a
    /// check made on the resolved spec at the text; the file alone when the key is not in it (a default or a base).
    /// </summary>
    public static SourceLocation Locate(string path, string keyPath)
    {
        var unplaced = new SourceLocation(path, 0, 0);
        string yaml;
        try
        {
            yaml = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return unplaced;
        }
        SpecNode node = YamlTreeReader.Read(yaml, path, []);
        foreach (var key in SpecSchema.SplitPath(keyPath))
        {
            if (node is not SpecMapping mapping || mapping.Find(key) is not { } entry)
                return unplaced;
            node = entry.Value;
        }
        return node.Location;
    }

    /// <summary>The spec with every key at its default.</summary>
    public static ExperimentSpec Defaults(SpecSchema? schema = null) =>
        Resolve(SpecMapping.Empty(SourceLocation.Default), schema);

    /// <summary>Validates a merged tree and binds it, or throws with every error.</summary>
    public static ExperimentSpec Resolve(SpecNode tree, SpecSchema? schema = null)
    {
        var errors = new List<SpecError>();
        var spec = TryResolve(tree, schema ?? SpecSchema.Default, errors);
        return spec ?? throw new SpecException(errors);
    }

    internal static ExperimentSpec? TryResolve(SpecNode tree, SpecSchema schema, List<SpecError> errors)
    {
        var before = errors.Count;
        var values = new SpecResolver(schema, errors).Resolve(schema.Root, tree, "");
        if (errors.Count > before || values is not ValueMap map)
            return null;
        var spec = SpecBinder.Bind<ExperimentSpec>(map);
        return spec.Tracking.Experiment.Length > 0
            ? spec
            : spec with { Tracking = spec.Tracking with { Experiment = spec.Name } };
    }

    private static ExperimentSpec Finish(SpecSchema schema, SpecNode tree, string file, IEnumerable<string>? overrides,
        List<SpecError> errors)
    {
        foreach (var argument in overrides ?? [])
            if (SpecOverride.Parse(argument, errors) is { } o)
                tree = SpecMerge.SetPath(schema, tree, o.Path, o.Value, o.Value.Location);
        var spec = TryResolve(tree, schema, errors);
        return spec is not null && errors.Count == 0 ? spec : throw new SpecException(errors);
    }

    private static SpecNode ReadWithBases(SpecSchema schema, string yaml, string display, string fullPath,
        List<string> chain, List<SpecError> errors)
    {
        var tree = YamlTreeReader.Read(yaml, display, errors);
        if (tree is not SpecMapping mapping)
            return tree;
        if (chain.Count == 0 && mapping.Find("name") is null)
        {
            // A spec that does not name itself is named after its file, not after its base.
            var at = new SourceLocation(display, 0, 0);
            mapping = mapping.Set("name", at, new SpecScalar(Path.GetFileNameWithoutExtension(display), true, at));
        }
        if (mapping.Find("base") is not { } baseEntry)
            return mapping;
        mapping = mapping.Remove("base");
        if (baseEntry.Value is not SpecScalar { IsNull: false } baseText)
        {
            errors.Add(SpecError.At(baseEntry.Value.Location, "base", $"expected a file path, got {baseEntry.Value.Describe()}"));
            return mapping;
        }
        var baseFull = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(fullPath) ?? ".", baseText.Text));
        var baseDisplay = Path.Combine(Path.GetDirectoryName(display) ?? "", baseText.Text);
        var visited = chain.Append(fullPath).ToList();
        if (visited.Contains(baseFull, StringComparer.Ordinal))
        {
            var cycle = visited.SkipWhile(p => p != baseFull).Append(baseFull).Select(Path.GetFileName);
            errors.Add(SpecError.At(baseText.Location, "base", "inheritance cycle: " + string.Join(" -> ", cycle)));
            return mapping;
        }
        if (!File.Exists(baseFull))
        {
            errors.Add(SpecError.At(baseText.Location, "base",
                Directory.Exists(baseFull) ? $"base is a folder, not a spec file: {baseFull}" : $"base file not found: {baseFull}"));
            return mapping;
        }
        var parent = ReadWithBases(schema, File.ReadAllText(baseFull), baseDisplay, baseFull, visited, errors);
        return SpecMerge.Merge(schema, parent, mapping);
    }
}
