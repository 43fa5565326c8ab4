namespace Research.Framework.Autodiff;

/// <summary>
/// Turns off recording of the autodiff graph on the current thread while open, as
/// <c>torch.no_grad()</c> does: for evaluation, sampling and optimizer updates.
/// </summary>
/// <example><code>using (NoGrad.Begin()) { var nll = Evaluate(model, batch); }</code></example>
public readonly struct NoGrad : IDisposable
{
    [ThreadStatic] private static int _depth;

    private readonly bool _active;

    private NoGrad(bool active) => _active = active;

    /// <summary>Whether ops on this thread record their graph now.</summary>
    public static bool IsGradEnabled => _depth == 0;

    public static NoGrad Begin()
    {
        _depth++;
        return new NoGrad(true);
    }

    public void Dispose()
    {
        if (_active) _depth--;
    }
}
