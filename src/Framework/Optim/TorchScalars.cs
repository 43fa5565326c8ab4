using TorchSharp;

namespace Research.Framework.Optim;

/// <summary>
/// The LibTorch scalars of one step, disposed together: TorchSharp's dispose scopes track tensors
/// only, and a scalar converted implicitly would hold native memory until a finalizer ran.
/// </summary>
internal sealed class TorchScalars : IDisposable
{
    private readonly List<Scalar> _made = [];

    public Scalar Of(float value)
    {
        var s = value.ToScalar();
        _made.Add(s);
        return s;
    }

    public void Dispose()
    {
        foreach (var s in _made) s.Dispose();
        _made.Clear();
    }
}
