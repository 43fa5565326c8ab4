using Research.Framework.Tensors;

namespace Research.Framework.Autodiff;

public static partial class Ops
{
    // Arithmetic operators for tensors (C# 14 extension operators), each one op node:
    // a + b, a - b, a * b, a / b broadcast; with a float they avoid making a scalar tensor.
    extension(Tensor)
    {
        /// <summary>a + b with broadcasting (<see cref="Add"/>).</summary>
        public static Tensor operator +(Tensor a, Tensor b) => a.Add(b);

        /// <summary>a - b with broadcasting (<see cref="Subtract"/>).</summary>
        public static Tensor operator -(Tensor a, Tensor b) => a.Subtract(b);

        /// <summary>a * b elementwise with broadcasting (<see cref="Multiply"/>).</summary>
        public static Tensor operator *(Tensor a, Tensor b) => a.Multiply(b);

        /// <summary>a / b elementwise with broadcasting (<see cref="Divide"/>).</summary>
        public static Tensor operator /(Tensor a, Tensor b) => a.Divide(b);

        /// <summary>-x (<see cref="Negate"/>).</summary>
        public static Tensor operator -(Tensor x) => x.Negate();

        /// <summary>x + s (<see cref="AddScalar"/>).</summary>
        public static Tensor operator +(Tensor x, float s) => x.AddScalar(s);

        /// <summary>s + x (<see cref="AddScalar"/>).</summary>
        public static Tensor operator +(float s, Tensor x) => x.AddScalar(s);

        /// <summary>x - s (<see cref="AddScalar"/> of -s).</summary>
        public static Tensor operator -(Tensor x, float s) => x.AddScalar(-s);

        /// <summary>x * s (<see cref="MulScalar"/>).</summary>
        public static Tensor operator *(Tensor x, float s) => x.MulScalar(s);

        /// <summary>s * x (<see cref="MulScalar"/>).</summary>
        public static Tensor operator *(float s, Tensor x) => x.MulScalar(s);

        /// <summary>x / s (<see cref="MulScalar"/> of 1/s).</summary>
        public static Tensor operator /(Tensor x, float s) => x.MulScalar(1f / s);
    }
}
