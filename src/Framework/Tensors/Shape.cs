using System.Runtime.CompilerServices;

namespace Research.Framework.Tensors;

/// <summary>
/// The dimensions of a dense row-major tensor, rank 0 to 4, stored inline so that creating
/// shapes in a training step allocates nothing.
/// </summary>
public readonly struct Shape : IEquatable<Shape>
{
    public const int MaxRank = 4;

    private readonly int _d0, _d1, _d2, _d3;

    public int Rank { get; }

    public Shape(params ReadOnlySpan<int> dims)
    {
        if (dims.Length > MaxRank)
            throw new ArgumentException($"Shapes have at most {MaxRank} dimensions, got {dims.Length}.");
        foreach (var d in dims)
            if (d < 0) throw new ArgumentException($"Negative dimension in shape {Format(dims)}.");
        Rank = dims.Length;
        _d0 = dims.Length > 0 ? dims[0] : 1;
        _d1 = dims.Length > 1 ? dims[1] : 1;
        _d2 = dims.Length > 2 ? dims[2] : 1;
        _d3 = dims.Length > 3 ? dims[3] : 1;
    }

    public static Shape Scalar => default;

    public int this[int axis]
    {
        get
        {
            if ((uint)axis >= (uint)Rank)
                throw new ArgumentOutOfRangeException(nameof(axis), $"Axis {axis} is out of range for shape {this}.");
            return axis switch { 0 => _d0, 1 => _d1, 2 => _d2, _ => _d3 };
        }
    }

    /// <summary>The number of elements (1 for a scalar).</summary>
    public int Size => Rank switch
    {
        0 => 1,
        1 => _d0,
        2 => _d0 * _d1,
        3 => _d0 * _d1 * _d2,
        _ => _d0 * _d1 * _d2 * _d3,
    };

    /// <summary>The last dimension (1 for a scalar).</summary>
    public int Last => Rank == 0 ? 1 : this[Rank - 1];

    /// <summary>Product of all dimensions but the last: the number of rows of a matrix view.</summary>
    public int Rows => Rank == 0 ? 1 : Size / Math.Max(Last, 1);

    /// <summary>Normalizes a possibly negative axis (Python style: -1 is the last).</summary>
    public int Axis(int axis)
    {
        var a = axis < 0 ? axis + Rank : axis;
        if ((uint)a >= (uint)Rank)
            throw new ArgumentOutOfRangeException(nameof(axis), $"Axis {axis} is out of range for shape {this}.");
        return a;
    }

    /// <summary>The same shape with one dimension replaced.</summary>
    public Shape With(int axis, int value)
    {
        Span<int> dims = stackalloc int[MaxRank];
        CopyTo(dims);
        dims[Axis(axis)] = value;
        return new Shape(dims[..Rank]);
    }

    /// <summary>Writes the dimensions into <paramref name="dims"/> (length at least Rank).</summary>
    public void CopyTo(Span<int> dims)
    {
        for (var i = 0; i < Rank; i++) dims[i] = this[i];
    }

    /// <summary>Row-major strides, in elements.</summary>
    public void Strides(Span<int> strides)
    {
        var s = 1;
        for (var i = Rank - 1; i >= 0; i--)
        {
            strides[i] = s;
            s *= this[i];
        }
    }

    public bool Equals(Shape other)
    {
        if (Rank != other.Rank) return false;
        for (var i = 0; i < Rank; i++)
            if (this[i] != other[i]) return false;
        return true;
    }

    public override bool Equals(object? obj) => obj is Shape s && Equals(s);

    // Only the dimensions within Rank count: default (Scalar) holds zeros where new Shape() holds ones.
    public override int GetHashCode() =>
        HashCode.Combine(Rank, Rank > 0 ? _d0 : 1, Rank > 1 ? _d1 : 1, Rank > 2 ? _d2 : 1, Rank > 3 ? _d3 : 1);

    public static bool operator ==(Shape a, Shape b) => a.Equals(b);

    public static bool operator !=(Shape a, Shape b) => !a.Equals(b);

    public int[] ToArray()
    {
        var dims = new int[Rank];
        CopyTo(dims);
        return dims;
    }

    public override string ToString()
    {
        Span<int> dims = stackalloc int[MaxRank];
        CopyTo(dims);
        return Format(dims[..Rank]);
    }

    private static string Format(ReadOnlySpan<int> dims)
    {
        var handler = new DefaultInterpolatedStringHandler(2, dims.Length);
        handler.AppendLiteral("[");
        for (var i = 0; i < dims.Length; i++)
        {
            if (i > 0) handler.AppendLiteral(", ");
            handler.AppendFormatted(dims[i]);
        }
        handler.AppendLiteral("]");
        return handler.ToStringAndClear();
    }
}
