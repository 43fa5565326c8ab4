using ScottPlot;

namespace Research.Framework.Plotting.Figures;

/// <summary>One ROC curve of an anomaly score: false and true positive rates at every threshold, and its AUROC.</summary>
public sealed record RocCurve(string Score, double[] FalsePositiveRate, double[] TruePositiveRate, double Auroc);

/// <summary>Figures of anomaly detection (held-out classes against the rest).</summary>
public static class DetectionFigures
{
    /// <summary>The ROC curves of the scores, each labelled with its AUROC, and the chance diagonal.</summary>
    public static FigureImage Roc(string title, IReadOnlyList<RocCurve> curves)
    {
        var plot = Plots.Create(title, "false positive rate", "true positive rate");
        for (var i = 0; i < curves.Count; i++)
        {
            var c = curves[i];
            Charts.Line(plot, $"{c.Score} (AUROC {c.Auroc:F3})", c.FalsePositiveRate, c.TruePositiveRate, Plots.Lines.GetColor(i));
        }
        Charts.Line(plot, "chance", [0.0, 1.0], [0.0, 1.0], Colors.Gray, pattern: LinePattern.Dashed);
        plot.Axes.SetLimits(0, 1, 0, 1);
        Charts.Legend(plot, Alignment.LowerRight);
        return FigureCanvas.Render(plot, 560, 480);
    }
}
