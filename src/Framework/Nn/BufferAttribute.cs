namespace Research.Framework.Nn;

/// <summary>
/// Marks a tensor property of a module as a constant buffer (a MADE mask, say), not a parameter:
/// it is not trained and not saved.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class BufferAttribute : Attribute;
