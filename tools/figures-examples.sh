#!/usr/bin/env bash
# Regenerates the example figures in results/figures/ from synthetic data.
#
#   tools/figures-examples.sh [OUTPUT_DIR]          (default: results/figures)
#
# Builds and runs tools/FigureExamples, which writes every standard figure of src/Framework/Plotting
# through ScottPlot: a PNG each, and an SVG for the charts. Text uses the font embedded in the
# Framework assembly, so the PNGs are the same on any machine.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
OUT=${1:-$ROOT/results/figures}
[[ $OUT == /* ]] || OUT=$PWD/$OUT
cd "$ROOT"
dotnet build tools/FigureExamples/FigureExamples.csproj -c Release -nologo -v quiet >&2
dotnet tools/FigureExamples/bin/Release/net10.0/FigureExamples.dll "$OUT"
echo "wrote $(ls "$OUT"/*.png | wc -l) PNG and $(ls "$OUT"/*.svg | wc -l) SVG figures to $OUT"
