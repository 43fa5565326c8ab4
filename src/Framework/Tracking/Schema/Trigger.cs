namespace Research.Framework.Tracking.Schema;

/// <summary>
/// A row trigger on the table that holds it: <paramref name="Timing"/> is when it fires
/// (<c>BEFORE UPDATE</c>), <paramref name="Condition"/> the WHEN clause (null: every row), and
/// <paramref name="Action"/> the one statement it runs.
/// </summary>
public sealed record Trigger(string Name, string Timing, string? Condition, string Action);
