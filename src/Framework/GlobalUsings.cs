// TensorPrimitives by alias: importing System.Numerics.Tensors would make its Tensor clash with ours.
global using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;
