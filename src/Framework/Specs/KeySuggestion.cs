namespace Research.Framework.Specs;

/// <summary>Finds the valid name nearest to a misspelt one (optimal string alignment, i.e. Damerau-Levenshtein with adjacent transpositions).</summary>
public static class KeySuggestion
{
    /// <summary>The candidate closest to <paramref name="wrong"/>, if it is close enough to be a likely typo.</summary>
    public static string? Nearest(string wrong, IEnumerable<string> candidates)
    {
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in candidates)
        {
            var d = Distance(wrong.ToLowerInvariant(), candidate.ToLowerInvariant());
            if (d < bestDistance)
            {
                best = candidate;
                bestDistance = d;
            }
        }
        var allowed = Math.Max(2, Math.Max(wrong.Length, best?.Length ?? 0) / 3);
        return best is not null && bestDistance <= allowed ? best : null;
    }

    /// <summary>Edits (insert, delete, substitute, swap adjacent) to turn <paramref name="a"/> into <paramref name="b"/>.</summary>
    public static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (var j = 0; j <= b.Length; j++) d[0, j] = j;
        for (var i = 1; i <= a.Length; i++)
        for (var j = 1; j <= b.Length; j++)
        {
            var cost = a[i - 1] == b[j - 1] ? 0 : 1;
            var best = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                best = Math.Min(best, d[i - 2, j - 2] + 1);
            d[i, j] = best;
        }
        return d[a.Length, b.Length];
    }

    /// <summary>"; did you mean 'x'?" or "; valid keys: a, b, c" for an error message.</summary>
    public static string Hint(string wrong, IReadOnlyCollection<string> candidates, string validNoun)
    {
        var nearest = Nearest(wrong, candidates);
        return nearest is not null
            ? $"; did you mean '{nearest}'? (valid {validNoun}: {string.Join(", ", candidates)})"
            : $"; valid {validNoun}: {string.Join(", ", candidates)}";
    }
}
