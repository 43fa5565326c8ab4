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
        if (!File.Exists(path))
            throw new SpecException([new SpecError(path, 0, 0, "", "spec file not found")]);
        var tree = ReadWithBases(schema, File.ReadAllText(path), path, Path.GetFullPath(path), [], errors);
        return Finish(schema, tree, path, overrides, errors);
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
            errors.Add(SpecError.At(baseText.Location, "base", $"base file not found: {baseFull}"));
            return mapping;
        }
        var parent = ReadWithBases(schema, File.ReadAllText(baseFull), baseDisplay, baseFull, visited, errors);
        return SpecMerge.Merge(schema, parent, mapping);
    }
}
