using System.Collections;

namespace Research.Framework.Specs;

/// <summary>
/// An immutable string-keyed map that keeps insertion order and compares by value (order included).
/// Values are plain spec values: int, double, bool, string, <see cref="ValueList{T}"/>,
/// <see cref="ValueMap"/> or <see cref="ComponentSpec"/>.
/// </summary>
public sealed class ValueMap : IReadOnlyDictionary<string, object?>, IEquatable<ValueMap>
{
    private readonly KeyValuePair<string, object?>[] _entries;

    public ValueMap(IEnumerable<KeyValuePair<string, object?>> entries)
    {
        _entries = [.. entries];
        if (_entries.Select(e => e.Key).Distinct().Count() != _entries.Length)
            throw new ArgumentException("duplicate key in ValueMap", nameof(entries));
    }

    public static ValueMap Empty { get; } = new([]);

    public int Count => _entries.Length;

    public IEnumerable<string> Keys => _entries.Select(e => e.Key);

    public IEnumerable<object?> Values => _entries.Select(e => e.Value);

    public object? this[string key] =>
        TryGetValue(key, out var value) ? value : throw new KeyNotFoundException($"no key '{key}'");

    public bool ContainsKey(string key) => TryGetValue(key, out _);

    public bool TryGetValue(string key, out object? value)
    {
        foreach (var e in _entries)
            if (e.Key == key)
            {
                value = e.Value;
                return true;
            }
        value = null;
        return false;
    }

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() =>
        ((IEnumerable<KeyValuePair<string, object?>>)_entries).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public bool Equals(ValueMap? other) =>
        other is not null && _entries.Length == other._entries.Length &&
        _entries.Zip(other._entries).All(p => p.First.Key == p.Second.Key && Equals(p.First.Value, p.Second.Value));

    public override bool Equals(object? obj) => obj is ValueMap other && Equals(other);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var e in _entries)
        {
            hash.Add(e.Key);
            hash.Add(e.Value);
        }
        return hash.ToHashCode();
    }

    public override string ToString() => "{" + string.Join(", ", _entries.Select(e => $"{e.Key}: {e.Value}")) + "}";
}
