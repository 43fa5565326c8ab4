namespace Research.Framework.Kernels;

/// <summary>
/// The thread count of <see cref="ThreadTeam.Use"/> for the current thread; disposing it restores the
/// count the thread had before. Dispose it on the thread that opened it (do not hold it across an await).
/// </summary>
public readonly struct ThreadCountScope : IDisposable
{
    private readonly int _previous;
    private readonly bool _active;

    internal ThreadCountScope(int previous)
    {
        _previous = previous;
        _active = true;
    }

    public void Dispose()
    {
        if (_active) ThreadTeam.Restore(_previous);
    }
}
