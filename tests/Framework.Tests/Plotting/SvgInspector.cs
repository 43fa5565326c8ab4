using System.Globalization;
using System.Xml.Linq;

namespace Research.Framework.Tests.Plotting;

/// <summary>Reads the SVG the charts write: parses it as XML and finds charts, series, ticks and labels by class.</summary>
internal static class SvgInspector
{
    public static readonly XNamespace Ns = "http://www.w3.org/2000/svg";

    /// <summary>Parses <paramref name="svg"/> (failing the test if it is not well-formed XML) and checks that no
    /// non-finite number got in.</summary>
    public static XDocument Parse(string svg)
    {
        Assert.That(svg, Does.Not.Contain("NaN").And.Not.Contain("Infinity").And.Not.Contain("∞"));
        var doc = XDocument.Parse(svg);
        Assert.That(doc.Root!.Name, Is.EqualTo(Ns + "svg"));
        return doc;
    }

    public static bool HasClass(XElement e, params string[] classes)
    {
        var have = ((string?)e.Attribute("class") ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return classes.All(have.Contains);
    }

    public static IReadOnlyList<XElement> ByClass(XContainer root, params string[] classes) =>
        root.Descendants().Where(e => HasClass(e, classes)).ToList();

    public static IReadOnlyList<XElement> Charts(XDocument doc) => ByClass(doc, "chart");

    public static IReadOnlyList<XElement> Series(XElement chart) => ByClass(chart, "series");

    public static double D(XElement e, string attribute) =>
        double.Parse((string)e.Attribute(attribute)!, CultureInfo.InvariantCulture);

    public static (double Left, double Top, double Right, double Bottom) PlotArea(XElement chart)
    {
        var r = ByClass(chart, "plot-area").Single();
        var (x, y, w, h) = (D(r, "x"), D(r, "y"), D(r, "width"), D(r, "height"));
        Assert.That(w, Is.GreaterThan(0));
        Assert.That(h, Is.GreaterThan(0));
        return (x, y, x + w, y + h);
    }

    /// <summary>
    /// Checks one chart: a plot area, the expected number of series, both axis labels when expected, at least
    /// two labelled ticks per numeric axis, every tick inside the plotted range, and every drawn point inside
    /// the plot area (with the clip's slack of a few pixels).
    /// </summary>
    public static void AssertChart(XElement chart, int series, bool axisLabels = true, int minTicks = 2)
    {
        var (left, top, right, bottom) = PlotArea(chart);
        Assert.That(Series(chart), Has.Count.EqualTo(series), "series");
        if (axisLabels)
        {
            Assert.That(ByClass(chart, "axis-label", "x"), Has.Count.EqualTo(1), "x axis label");
            Assert.That(ByClass(chart, "axis-label", "y"), Has.Count.EqualTo(1), "y axis label");
        }
        var xTicks = ByClass(chart, "tick", "x");
        var yTicks = ByClass(chart, "tick", "y");
        Assert.That(xTicks, Has.Count.GreaterThanOrEqualTo(minTicks), "x ticks");
        Assert.That(yTicks, Has.Count.GreaterThanOrEqualTo(minTicks), "y ticks");
        const double eps = 0.02;
        foreach (var t in xTicks)
            foreach (var line in t.Elements(Ns + "line"))
                Assert.That(D(line, "x1"), Is.InRange(left - eps, right + eps), "x tick inside the plotted range");
        foreach (var t in yTicks)
            foreach (var line in t.Elements(Ns + "line"))
                Assert.That(D(line, "y1"), Is.InRange(top - eps, bottom + eps), "y tick inside the plotted range");
        foreach (var t in yTicks.Concat(xTicks))
            Assert.That(t.Elements(Ns + "text").Count(), Is.LessThanOrEqualTo(1));

        const double slack = 6.5;
        foreach (var s in Series(chart))
        {
            foreach (var c in s.Descendants(Ns + "circle"))
            {
                Assert.That(D(c, "cx"), Is.InRange(left - slack, right + slack));
                Assert.That(D(c, "cy"), Is.InRange(top - slack, bottom + slack));
            }
            foreach (var p in s.Descendants(Ns + "polyline"))
                foreach (var (x, y) in Points(p))
                {
                    Assert.That(x, Is.InRange(left - eps, right + eps));
                    Assert.That(y, Is.InRange(top - eps, bottom + eps));
                }
        }
    }

    public static IReadOnlyList<(double X, double Y)> Points(XElement polyline) =>
        ((string)polyline.Attribute("points")!).Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split(','))
            .Select(xy => (double.Parse(xy[0], CultureInfo.InvariantCulture), double.Parse(xy[1], CultureInfo.InvariantCulture)))
            .ToList();

    public static IReadOnlyList<double> TickValues(XElement chart, string axis) =>
        ByClass(chart, "tick", axis).Select(t => D(t, "data-value")).ToList();

    public static IReadOnlyList<string> TickLabels(XElement chart, string axis) =>
        ByClass(chart, "tick", axis).SelectMany(t => t.Elements(Ns + "text")).Select(t => t.Value).ToList();
}
