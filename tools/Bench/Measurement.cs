namespace Research.Bench;

/// <summary>Seconds per call: the median and the best window, with the window shape.</summary>
public sealed record Measurement(double MedianSeconds, double BestSeconds, int IterationsPerWindow, int Windows);
