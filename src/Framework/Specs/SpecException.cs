namespace Research.Framework.Specs;

/// <summary>A spec failed to load or validate; <see cref="Errors"/> lists every problem found, in file order.</summary>
public sealed class SpecException : Exception
{
    public SpecException(IReadOnlyList<SpecError> errors)
        : base(Describe(errors))
    {
        Errors = errors;
    }

    public IReadOnlyList<SpecError> Errors { get; }

    private static string Describe(IReadOnlyList<SpecError> errors) =>
        errors.Count == 1
            ? errors[0].ToString()
            : $"{errors.Count} errors in spec:{Environment.NewLine}" +
              string.Join(Environment.NewLine, errors.Select(e => "  " + e));
}
