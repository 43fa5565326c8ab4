namespace Research.Framework.Tracking;

/// <summary>What an <see cref="OutboxEntry"/> asks of the server.</summary>
public enum OutboxOperation
{
    /// <summary>A JSON POST to the tracking API (<c>runs/log-batch</c>, <c>runs/set-tag</c>, <c>runs/update</c>).</summary>
    Post,

    /// <summary>An artifact upload through the artifact proxy; the bytes are in <see cref="OutboxEntry.ContentFile"/>.</summary>
    Artifact,
}

/// <summary>
/// One write that the tracking server could not take when it was made, kept to be sent later.
/// <see cref="Target"/> is the API path of a <see cref="OutboxOperation.Post"/> (with its JSON
/// <see cref="Body"/>) or the artifact path of an <see cref="OutboxOperation.Artifact"/>.
/// <see cref="Sequence"/> orders entries; it is 0 until the entry is written to an <see cref="Outbox"/>.
/// </summary>
public sealed record OutboxEntry(long Sequence, string RunId, OutboxOperation Operation, string Target, string What,
    string? Body = null, string? ContentFile = null)
{
    /// <summary>True for the run's final status: what makes a point complete on the server.</summary>
    public bool IsRunStatus => Operation == OutboxOperation.Post && Target == "runs/update";
}
