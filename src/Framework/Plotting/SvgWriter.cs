using System.Globalization;
using System.Text;

namespace Research.Framework.Plotting;

/// <summary>
/// Builds an SVG document as text: elements with attributes in invariant culture, text escaped for XML,
/// and never a non-finite number (an element with one is left out). Charts use it inside their pure
/// render functions; the writer is local to one call.
/// </summary>
public sealed class SvgWriter
{
    private readonly StringBuilder _sb = new();
    private int _depth;

    /// <summary>The default font stack, available in browsers and to librsvg.</summary>
    public const string FontFamily = "DejaVu Sans, Helvetica, Arial, sans-serif";

    /// <summary>Opens the root <c>svg</c> element of a <paramref name="width"/> x <paramref name="height"/> document
    /// with a white background.</summary>
    public SvgWriter BeginDocument(double width, double height)
    {
        _sb.Append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        Open("svg", ("xmlns", "http://www.w3.org/2000/svg"), ("version", "1.1"), ("width", Num(width)), ("height", Num(height)),
            ("viewBox", $"0 0 {Num(width)} {Num(height)}"), ("font-family", FontFamily));
        Element("rect", ("width", "100%"), ("height", "100%"), ("fill", "#ffffff"));
        return this;
    }

    /// <summary>Opens an element; attributes with a null value are left out.</summary>
    public SvgWriter Open(string name, params (string Name, string? Value)[] attributes)
    {
        Indent();
        _sb.Append('<').Append(name);
        AppendAttributes(attributes);
        _sb.Append(">\n");
        _depth++;
        return this;
    }

    /// <summary>Closes the element opened last under <paramref name="name"/>.</summary>
    public SvgWriter Close(string name)
    {
        _depth--;
        Indent();
        _sb.Append("</").Append(name).Append(">\n");
        return this;
    }

    /// <summary>Writes an empty element; nothing is written when an attribute holds a non-finite number.</summary>
    public SvgWriter Element(string name, params (string Name, string? Value)[] attributes)
    {
        foreach (var (_, value) in attributes)
            if (value is "NaN" or "Infinity" or "-Infinity") return this;
        Indent();
        _sb.Append('<').Append(name);
        AppendAttributes(attributes);
        _sb.Append("/>\n");
        return this;
    }

    /// <summary>Writes a <c>text</c> element holding <paramref name="text"/>, escaped.</summary>
    public SvgWriter Text(double x, double y, string text, double size = 12, string anchor = "start",
        string? cssClass = null, double rotate = 0, string? weight = null, string fill = "#222222", string? baseline = null)
    {
        if (!double.IsFinite(x) || !double.IsFinite(y)) return this;
        Indent();
        _sb.Append("<text");
        AppendAttributes([("class", cssClass), ("x", Num(x)), ("y", Num(y)), ("font-size", Num(size)),
            ("text-anchor", anchor == "start" ? null : anchor), ("font-weight", weight), ("fill", fill),
            ("dominant-baseline", baseline),
            ("transform", rotate == 0 ? null : $"rotate({Num(rotate)} {Num(x)} {Num(y)})")]);
        _sb.Append('>').Append(Escape(text)).Append("</text>\n");
        return this;
    }

    /// <summary>Writes raw, already valid SVG (a nested document's body).</summary>
    public SvgWriter Raw(string svg)
    {
        _sb.Append(svg);
        if (svg.Length > 0 && svg[^1] != '\n') _sb.Append('\n');
        return this;
    }

    /// <summary>Closes the document and returns its text.</summary>
    public string EndDocument()
    {
        Close("svg");
        return _sb.ToString();
    }

    /// <summary>The text written so far (for fragments).</summary>
    public override string ToString() => _sb.ToString();

    /// <summary>A number for an attribute: invariant culture, at most 2 decimals.</summary>
    public static string Num(double v)
    {
        if (!double.IsFinite(v)) return v.ToString(CultureInfo.InvariantCulture); // caught by Element
        var r = Math.Round(v, 2);
        if (r == 0) r = 0;
        return r.ToString("0.##", CultureInfo.InvariantCulture);
    }

    /// <summary>A list of points for <c>polyline</c>: "x,y x,y ..."; non-finite points are left out.</summary>
    public static string Points(IEnumerable<(double X, double Y)> points) =>
        string.Join(' ', points.Where(p => double.IsFinite(p.X) && double.IsFinite(p.Y)).Select(p => Num(p.X) + "," + Num(p.Y)));

    /// <summary>Escapes text for XML character data and attribute values.</summary>
    public static string Escape(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            switch (c)
            {
                case '&': sb.Append("&amp;"); break;
                case '<': sb.Append("&lt;"); break;
                case '>': sb.Append("&gt;"); break;
                case '"': sb.Append("&quot;"); break;
                case '\'': sb.Append("&apos;"); break;
                // Control characters other than tab/newline are not allowed in XML 1.0: drop them.
                case < ' ' and not '\t' and not '\n' and not '\r': break;
                default: sb.Append(c); break;
            }
        }
        return sb.ToString();
    }

    private void AppendAttributes((string Name, string? Value)[] attributes)
    {
        foreach (var (name, value) in attributes)
        {
            if (value is null) continue;
            _sb.Append(' ').Append(name).Append("=\"").Append(Escape(value)).Append('"');
        }
    }

    private void Indent() => _sb.Append(' ', 2 * Math.Max(_depth, 0));
}
