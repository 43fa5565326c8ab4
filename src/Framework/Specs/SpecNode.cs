using System.Collections.Immutable;

namespace Research.Framework.Specs;

/// <summary>
/// An untyped YAML tree that remembers where every node came from. Specs are parsed into this
/// tree, merged with their base, edited by <c>--set</c> and sweep points, and only then checked
/// against the schema, so every error can point at the file, line and column of the offending text.
/// </summary>
public abstract record SpecNode(SourceLocation Location)
{
    /// <summary>Short description of the node's shape for error messages ("a list", "a mapping", "5").</summary>
    public abstract string Describe();
}

/// <summary>A scalar as written. <see cref="Quoted"/> scalars are always strings; plain ones may be numbers, booleans or null.</summary>
public sealed record SpecScalar(string Text, bool Quoted, SourceLocation Location) : SpecNode(Location)
{
    public bool IsNull => !Quoted && ScalarText.IsNull(Text);

    public override string Describe() => IsNull ? "null" : Quoted ? $"\"{Text}\"" : Text;
}

/// <summary>A YAML sequence.</summary>
public sealed record SpecSequence(ImmutableArray<SpecNode> Items, SourceLocation Location) : SpecNode(Location)
{
    public override string Describe() => "a list";
}

/// <summary>A YAML mapping with string keys, in document order. <see cref="Flow"/> asks the writer for <c>{ a: 1 }</c> style.</summary>
public sealed record SpecMapping(ImmutableArray<SpecEntry> Entries, SourceLocation Location, bool Flow = false) : SpecNode(Location)
{
    public static SpecMapping Empty(SourceLocation location) => new([], location);

    public SpecEntry? Find(string key)
    {
        foreach (var e in Entries)
            if (e.Key == key)
                return e;
        return null;
    }

    /// <summary>This mapping with <paramref name="key"/> set to <paramref name="value"/> (replacing in place, or appended).</summary>
    public SpecMapping Set(string key, SourceLocation keyLocation, SpecNode value)
    {
        for (var i = 0; i < Entries.Length; i++)
            if (Entries[i].Key == key)
                return this with { Entries = Entries.SetItem(i, Entries[i] with { Value = value }) };
        return this with { Entries = Entries.Add(new SpecEntry(key, keyLocation, value)) };
    }

    public SpecMapping Remove(string key) => this with { Entries = Entries.RemoveAll(e => e.Key == key) };

    public override string Describe() => "a mapping";
}

/// <summary>One key of a mapping, with the position of the key itself.</summary>
public sealed record SpecEntry(string Key, SourceLocation KeyLocation, SpecNode Value);
