using System.Globalization;
using System.Text;

namespace Research.Framework.Tensors;

/// <summary>
/// A dense, row-major float32 tensor with an optional autodiff record. Values live in
/// <see cref="Data"/>; an op's output holds the autodiff layer's record of the op (an opaque
/// <see cref="TensorRecord"/>: backward rule, inputs, saved arguments) so that <c>Backward()</c>
/// can walk the graph (micrograd style: the graph is the inputs' links).
/// </summary>
/// <remarks>
/// Tensors made inside a <see cref="TensorScope"/> are pooled and released with it; tensors made
/// outside any scope (parameters, data sets) are ordinary garbage-collected objects.
/// </remarks>
public sealed partial class Tensor
{
    private float[]? _storage;
    private bool _ownsStorage;

    internal Tensor() { }

    public Shape Shape { get; private set; }

    public int Size { get; private set; }

    /// <summary>Whether gradients flow to this tensor (set on parameters; inherited by op outputs).</summary>
    public bool RequiresGrad
    {
        get => _torch?.requires_grad ?? _requiresGrad;
        set
        {
            if (_torch is not null) _torch.requires_grad = value;
            else _requiresGrad = value;
        }
    }

    private bool _requiresGrad;

    /// <summary>dLoss/dThis after <c>Backward()</c>; accumulates across calls until zeroed.</summary>
    public Tensor? Grad
    {
        get => _torch is null ? _grad : TorchGrad();
        internal set => _grad = value;
    }

    private Tensor? _grad;

    /// <summary>An optional name (parameter names, debugging).</summary>
    public string? Name { get; set; }

    /// <summary>
    /// The record of the op that produced this tensor, written by the autodiff layer and opaque here
    /// (null for leaves, constants and tensors on a LibTorch device, whose autograd LibTorch keeps).
    /// </summary>
    internal TensorRecord? Record;

    private TensorScope? _owner;

    /// <summary>The name of the op that recorded this tensor in the autodiff graph, or null for a leaf.</summary>
    public string? GradFnName => Record?.Name;

    public bool IsLeaf => Record is null;

    /// <summary>
    /// The values, row-major, of a tensor on the native engine. A tensor on a LibTorch device has no
    /// host span: copy its values out with <see cref="ToArray"/> or <see cref="ToHost"/>.
    /// </summary>
    public Span<float> Data => (_storage ?? throw NoHostValues()).AsSpan(0, Size);

    /// <summary>The values of row <paramref name="row"/> of the matrix view [Rows, Last].</summary>
    public Span<float> Row(int row) => Data.Slice(row * Shape.Last, Shape.Last);

    public int Rows => Shape.Rows;

    public int Columns => Shape.Last;

    /// <summary>A new tensor of the given shape with unspecified values (owned by the open scope, if any).</summary>
    public static Tensor Empty(Shape shape) => Create(shape, withStorage: true, TensorScope.Innermost);

    /// <summary>A new tensor of the given shape on <paramref name="device"/> with unspecified values.</summary>
    public static Tensor Empty(Shape shape, Device device) =>
        device.IsTorch ? Wrap(TorchSharp.torch.empty(LibTorch.Dims(shape), TorchSharp.torch.float32, LibTorch.TorchDevice(device)), device) : Empty(shape);

    /// <summary>A tensor object owned by <paramref name="scope"/> (persistent when null), with or without its own storage.</summary>
    private static Tensor Create(Shape shape, bool withStorage, TensorScope? scope)
    {
        var size = shape.Size;
        Tensor t;
        if (scope is null)
        {
            t = new Tensor();
            if (withStorage) t._storage = new float[Math.Max(size, 1)];
        }
        else
        {
            var pool = TensorPool.Current;
            t = pool.RentTensor();
            if (withStorage) t._storage = pool.RentArray(size);
            t._owner = scope;
            scope.Own(t);
        }
        t._ownsStorage = withStorage;
        t.Shape = shape;
        t.Size = size;
        return t;
    }

    public static Tensor Zeros(Shape shape, Device device = default) => Full(shape, 0f, device);

    public static Tensor Full(Shape shape, float value, Device device = default)
    {
        if (device.IsTorch) return Wrap(TorchSharp.torch.full(LibTorch.Dims(shape), value, TorchSharp.torch.float32, LibTorch.TorchDevice(device)), device);
        var t = Empty(shape);
        t.Data.Fill(value);
        return t;
    }

    public static Tensor Ones(Shape shape, Device device = default) => Full(shape, 1f, device);

    public static Tensor Scalar(float value, Device device = default) => Full(Shape.Scalar, value, device);

    /// <summary>A tensor holding a copy of <paramref name="values"/>, checked against the shape.</summary>
    public static Tensor FromArray(ReadOnlySpan<float> values, Shape shape, Device device = default)
    {
        if (values.Length != shape.Size)
            throw new ArgumentException($"{values.Length} values do not fill shape {shape} ({shape.Size} elements).");
        if (device.IsTorch) return Wrap(LibTorch.FromHost(values, shape, device), device);
        var t = Empty(shape);
        values.CopyTo(t.Data);
        return t;
    }

    public static Tensor FromArray(float[] values, Device device = default) => FromArray(values, new Shape(values.Length), device);

    /// <summary>A view of the same values with another shape of equal size (no copy).</summary>
    internal Tensor ViewAs(Shape shape)
    {
        if (shape.Size != Size)
            throw new ArgumentException($"Cannot view shape {Shape} ({Size} elements) as {shape} ({shape.Size} elements).");
        // Owned like any new tensor (the innermost scope): owning it by the source's scope would
        // allocate for persistent sources and pile views of outer-scope tensors into the outer scope.
        var t = Create(shape, withStorage: false, TensorScope.Innermost);
        t._storage = _storage ?? throw Released();
        return t;
    }

    /// <summary>
    /// A copy with no autodiff history. With <paramref name="persistent"/> the copy is a plain
    /// garbage-collected tensor that outlives any open scope.
    /// </summary>
    public Tensor Detach(bool persistent = false)
    {
        if (_torch is not null)
        {
            using var history = _torch.detach();
            return Wrap(history.clone(), Device, persistent ? null : TensorScope.Innermost);
        }
        var t = Create(Shape, withStorage: true, persistent ? null : TensorScope.Innermost);
        Data.CopyTo(t.Data);
        return t;
    }

    /// <summary>The single value of a one-element tensor.</summary>
    public float Item()
    {
        if (Size != 1) throw new InvalidOperationException($"Item() needs a one-element tensor, got shape {Shape}.");
        return _torch is null ? Data[0] : _torch.item<float>();
    }

    /// <summary>A host copy of the values, row-major (from any device).</summary>
    public float[] ToArray()
    {
        if (_torch is null) return Data.ToArray();
        var values = new float[Size];
        LibTorch.ToHost(_torch, values);
        return values;
    }

    /// <summary>Clears the gradient values in place (keeps the buffer).</summary>
    public void ZeroGrad()
    {
        if (_torch is null) _grad?.Data.Clear();
        else TorchGrad()?._torch!.zero_();
    }

    /// <summary>Replaces the values with <paramref name="values"/> (same size), e.g. when loading parameters.</summary>
    public void CopyFrom(ReadOnlySpan<float> values)
    {
        if (values.Length != Size)
            throw new ArgumentException($"Cannot copy {values.Length} values into tensor {Name ?? ""} of shape {Shape} ({Size} elements).");
        if (_torch is null)
        {
            values.CopyTo(Data);
            return;
        }
        using var source = LibTorch.FromHost(values, Shape, Device);
        using var noGrad = TorchSharp.torch.no_grad();
        _torch.copy_(source);
    }

    internal void Release(TensorPool pool)
    {
        if (_ownsStorage && _storage is not null) pool.ReturnArray(_storage);
        _storage = null;
        ReleaseTorch();
        _grad = null;
        if (Record is not null) pool.ReturnRecord(Record);
        Record = null;
        _requiresGrad = false;
        Name = null;
        _owner = null;
        pool.ReturnTensor(this);
    }

    /// <summary>Storage of the gradient buffer for this tensor, created zeroed on first use.</summary>
    internal Span<float> GradData()
    {
        if (Grad is null)
        {
            // A gradient lives as long as its tensor: persistent for parameters, pooled in the same scope otherwise.
            Grad = Create(Shape, withStorage: true, _owner);
            Grad.Data.Clear();
        }
        return Grad.Data;
    }

    /// <summary>
    /// Storage of the gradient buffer for a backward rule that writes every value of it: a buffer made here is
    /// left unzeroed and <paramref name="accumulate"/> is false (overwrite it; one pass over memory fewer than
    /// zeroing and adding), an existing one holds gradient already and must be added to.
    /// </summary>
    internal Span<float> GradDataToWrite(out bool accumulate)
    {
        accumulate = Grad is not null;
        Grad ??= Create(Shape, withStorage: true, _owner);
        return Grad.Data;
    }

    private static ObjectDisposedException Released() =>
        new(nameof(Tensor), "This tensor belonged to a TensorScope that has ended; copy it out with Detach(persistent: true) before the scope ends.");

    private Exception NoHostValues() => _device.IsTorch
        ? new InvalidOperationException($"This tensor of shape {Shape} lives on device {_device}: its values have no host span. Copy them with ToArray() or ToHost(), or use tensor ops.")
        : Released();

    public override string ToString()
    {
        if (_storage is null && _torch is null) return "Tensor(released)";
        var sb = new StringBuilder();
        sb.Append("Tensor").Append(Shape.ToString()).Append(' ');
        if (_torch is not null) sb.Append(Device).Append(' ');
        ReadOnlySpan<float> data = _torch is null ? Data : ToArray();
        var n = Math.Min(data.Length, 8);
        sb.Append('[');
        for (var i = 0; i < n; i++)
        {
            if (i > 0) sb.Append(", ");
            sb.Append(data[i].ToString("G6", CultureInfo.InvariantCulture));
        }
        if (data.Length > n) sb.Append(", ...");
        sb.Append(']');
        if (Record is not null) sb.Append(" grad_fn=").Append(Record.Name);
        return sb.ToString();
    }
}
