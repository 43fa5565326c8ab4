namespace Research.Framework.Tensors;

/// <summary>
/// Owns every tensor created on this thread while it is the innermost open scope, and returns
/// their storage to the thread's pool when disposed (like TorchSharp's DisposeScope). Wrap each
/// training or evaluation step in one: the step then allocates no managed memory once warm.
/// A tensor that must outlive the scope is copied out with <see cref="Tensor.Detach(bool)"/>
/// (persistent) or its values read before the scope ends; using a released tensor throws.
/// </summary>
public sealed class TensorScope : IDisposable
{
    [ThreadStatic] private static TensorScope? _innermost;

    private readonly List<Tensor> _owned = new();
    private TensorScope? _outer;
    private bool _open;

    /// <summary>Opens a scope on the current thread; it becomes the owner of new tensors.</summary>
    public static TensorScope Begin()
    {
        var scope = SpareScopes.Count > 0 ? SpareScopes.Pop() : new TensorScope();
        scope._outer = _innermost;
        scope._open = true;
        _innermost = scope;
        return scope;
    }

    [ThreadStatic] private static Stack<TensorScope>? _spare;

    private static Stack<TensorScope> SpareScopes => _spare ??= new Stack<TensorScope>();

    internal static TensorScope? Innermost => _innermost;

    /// <summary>The number of tensors this scope will release.</summary>
    public int Count => _owned.Count;

    internal void Own(Tensor tensor) => _owned.Add(tensor);

    public void Dispose()
    {
        if (!_open) return;
        if (_innermost != this)
            throw new InvalidOperationException("Tensor scopes must be disposed innermost first.");
        var pool = TensorPool.Current;
        foreach (var t in _owned) t.Release(pool);
        _owned.Clear();
        _innermost = _outer;
        _outer = null;
        _open = false;
        SpareScopes.Push(this);
    }
}
