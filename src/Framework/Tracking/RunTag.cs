namespace Research.Framework.Tracking;

/// <summary>A tag of a run or an experiment; unlike a param it may be overwritten.</summary>
public sealed record RunTag(string Key, string Value);
