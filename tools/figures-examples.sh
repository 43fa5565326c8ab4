#!/usr/bin/env bash
# Regenerates the example figures in results/figures/ from synthetic data.
#
#   tools/figures-examples.sh [OUTPUT_DIR]          (default: results/figures)
#
# Builds and runs tools/FigureExamples, which writes every standard figure of src/Framework/Plotting
# (SVG charts and PNG image grids), then renders each SVG to a PNG next to it with rsvg-convert
# (Debian: apt-get install -y librsvg2-bin) so that the charts can be looked at as images too.
# Without rsvg-convert the SVGs are still written and the step is skipped with a note.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
OUT=${1:-$ROOT/results/figures}
[[ $OUT == /* ]] || OUT=$PWD/$OUT
cd "$ROOT"
dotnet build tools/FigureExamples/FigureExamples.csproj -c Release -nologo -v quiet >&2
dotnet tools/FigureExamples/bin/Release/net10.0/FigureExamples.dll "$OUT"
if command -v rsvg-convert >/dev/null; then
  for svg in "$OUT"/*.svg; do
    rsvg-convert --format=png --output="${svg%.svg}.png" "$svg"
  done
  echo "rendered $(ls "$OUT"/*.svg | wc -l) SVG files to PNG with rsvg-convert"
else
  echo "rsvg-convert not found (apt-get install -y librsvg2-bin): SVGs written, not rendered to PNG" >&2
fi
