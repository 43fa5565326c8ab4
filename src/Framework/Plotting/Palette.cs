namespace Research.Framework.Plotting;

/// <summary>
/// Categorical colours for series: the Okabe-Ito palette, which stays distinguishable under the
/// common forms of colour blindness, plus grey. Beyond its size series cycle colours and change dash.
/// </summary>
/// <remarks>Okabe, M. and Ito, K. (2008), "Color Universal Design: how to make figures and
/// presentations that are friendly to colorblind people". Yellow (#f0e442) is left out: it is
/// illegible as a thin line on white.</remarks>
public static class Palette
{
    /// <summary>The colours in the order series take them.</summary>
    public static IReadOnlyList<Rgb> OkabeIto { get; } =
    [
        Rgb.FromHex("#0072b2"), // blue
        Rgb.FromHex("#d55e00"), // vermillion
        Rgb.FromHex("#009e73"), // bluish green
        Rgb.FromHex("#cc79a7"), // reddish purple
        Rgb.FromHex("#e69f00"), // orange
        Rgb.FromHex("#56b4e9"), // sky blue
        Rgb.FromHex("#000000"), // black
        Rgb.FromHex("#999999"), // grey
    ];

    /// <summary>
    /// Ten categorical colours for ten classes (e.g. digit labels): Tableau 10 (2016 revision, by Maureen
    /// Stone), chosen to stay apart for the common colour-vision deficiencies as well as a set of ten can.
    /// </summary>
    public static IReadOnlyList<Rgb> Tableau10 { get; } =
    [
        Rgb.FromHex("#4e79a7"), Rgb.FromHex("#f28e2b"), Rgb.FromHex("#e15759"), Rgb.FromHex("#76b7b2"), Rgb.FromHex("#59a14f"),
        Rgb.FromHex("#edc948"), Rgb.FromHex("#b07aa1"), Rgb.FromHex("#ff9da7"), Rgb.FromHex("#9c755f"), Rgb.FromHex("#bab0ac"),
    ];

    /// <summary>The colour of series <paramref name="index"/> (cycling).</summary>
    public static Rgb Series(int index) => OkabeIto[Math.Abs(index) % OkabeIto.Count];

    /// <summary>The SVG dash pattern of series <paramref name="index"/>: solid for the first cycle of
    /// colours, then dashed, then dotted, so that series stay distinct past the palette's size.</summary>
    public static string? Dash(int index) => (Math.Abs(index) / OkabeIto.Count % 3) switch
    {
        0 => null,
        1 => "6 3",
        _ => "2 2",
    };

    /// <summary>Grey for things that are shown but not emphasized (inactive units, grid lines' text).</summary>
    public static Rgb Muted { get; } = Rgb.FromHex("#b0b0b0");
}
