"""A small SVG canvas for the cost charts: shapes, text measured with DejaVu Sans's own
metrics, and axes on linear or log scales.

Why not matplotlib: it took 100–200 ms a chart, most of it laying out tick objects, and a
result page shows two charts for every new workload. Writing the few shapes the charts
need takes about a millisecond. Units are points (1/72 in), as matplotlib's SVG used, so
the charts keep their size on the page and in the PDF. Output is deterministic and has no
<style> element (presentation attributes only), so no Content-Security-Policy exception
is needed to show it.
"""

from __future__ import annotations

import functools
import html
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from PIL import ImageFont

FONT_FAMILY = "DejaVu Sans, Verdana, sans-serif"
# Debian's fonts-dejavu-core, which `make install` installs (WeasyPrint needs it too).
FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
_FONT_FILES = {False: "DejaVuSans.ttf", True: "DejaVuSans-Bold.ttf"}
_MEASURE_PX = 100  # the font is loaded once at this size; widths scale linearly
ASCENT_EM = 0.73  # DejaVu Sans's cap height: the top of a line of text sits this far above
# SVG dash patterns (in line widths) for matplotlib's line style names.
DASHES = {"-": "", "--": "3.7,1.6", "-.": "6.4,1.6,1,1.6", ":": "1,1.65"}


@functools.cache
def _font(bold: bool) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(FONT_DIR / _FONT_FILES[bold]), _MEASURE_PX)


@functools.lru_cache(maxsize=4096)
def text_width(text: str, size: float, *, bold: bool = False) -> float:
    """The advance width of `text` in points at `size` points."""
    return _font(bold).getlength(text) * size / _MEASURE_PX


def _n(value: float) -> str:
    """A coordinate: two decimals, no trailing zeros (shorter files, same picture)."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


@dataclass(frozen=True)
class Scale:
    """Data values on [low, high] to positions on [start, end] (either may be decreasing)."""

    low: float
    high: float
    start: float
    end: float
    log: bool = False

    def __call__(self, value: float) -> float:
        if self.log:
            low, high, value = math.log10(self.low), math.log10(self.high), math.log10(value)
        else:
            low, high = self.low, self.high
        share = (value - low) / (high - low) if high != low else 0.0
        return self.start + share * (self.end - self.start)


def decades(low: float, high: float) -> list[float]:
    """Powers of ten within [low, high] (with a little tolerance for rounding)."""
    first, last = math.ceil(math.log10(low) - 1e-9), math.floor(math.log10(high) + 1e-9)
    return [10.0**power for power in range(first, last + 1)]


def nice_ticks(high: float, *, most: int = 8) -> list[float]:
    """0, step, 2 steps, ... up to `high`, with a step of 1, 2, 2.5 or 5 times a power of ten
    giving at most `most` ticks (as matplotlib's MaxNLocator picks them)."""
    raw = high / max(most - 1, 1)
    power = 10.0 ** math.floor(math.log10(raw)) if raw > 0 else 1.0
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    return [index * step for index in range(int(high / step + 1e-9) + 1)]


@dataclass
class Canvas:
    width: float
    height: float
    _defs: list[str] = field(default_factory=list)
    _body: list[str] = field(default_factory=list)

    def line(
        self,
        points: Iterable[tuple[float, float]],
        *,
        colour: str = "#000",
        width: float = 0.8,
        style: str = "-",
        cap: str = "butt",
    ) -> None:
        coordinates = " ".join(f"{_n(x)},{_n(y)}" for x, y in points)
        dash = DASHES.get(style, "")
        dashes = ",".join(_n(float(part) * width) for part in dash.split(",")) if dash else ""
        self._body.append(
            f'<polyline points="{coordinates}" fill="none" stroke="{colour}" '
            f'stroke-width="{_n(width)}" stroke-linecap="{cap}" stroke-linejoin="round"'
            + (f' stroke-dasharray="{dashes}"' if dashes else "")
            + "/>"
        )

    def rect(
        self,
        x: float,
        y: float,
        width: float,
        height: float,
        *,
        fill: str,
        stroke: str = "",
        stroke_width: float = 0.8,
        radius: float = 0.0,
    ) -> None:
        outline = f' stroke="{stroke}" stroke-width="{_n(stroke_width)}"' if stroke else ""
        rounded = f' rx="{_n(radius)}"' if radius else ""
        self._body.append(
            f'<rect x="{_n(x)}" y="{_n(y)}" width="{_n(width)}" height="{_n(height)}" '
            f'fill="{fill}"{outline}{rounded}/>'
        )

    def hatch(self, name: str, pattern: str, colour: str = "#fff") -> str:
        """A fill of thin lines (matplotlib's hatch names: //, \\\\, xx, --, ||, ++); its url."""
        strokes = {
            "/": "M-1,1 l2,-2 M0,6 l6,-6 M5,7 l2,-2",
            "\\": "M-1,5 l2,2 M0,0 l6,6 M5,-1 l2,2",
            "x": "M0,6 l6,-6 M0,0 l6,6",
            "-": "M0,3 h6",
            "|": "M3,0 v6",
            "+": "M0,3 h6 M3,0 v6",
        }[pattern[0]]
        self._defs.append(
            f'<pattern id="{name}" patternUnits="userSpaceOnUse" width="6" height="6">'
            f'<path d="{strokes}" stroke="{colour}" stroke-width="1"/></pattern>'
        )
        return f"url(#{name})"

    def marker(self, kind: str, x: float, y: float, size: float, *, colour: str) -> None:
        """A filled marker `size` points across: o circle, s square, D diamond, ^ triangle,
        X a bold cross."""
        half = size / 2
        shapes = {
            "o": f'<circle cx="{_n(x)}" cy="{_n(y)}" r="{_n(half)}"',
            "s": f'<rect x="{_n(x - half)}" y="{_n(y - half)}" width="{_n(size)}" '
            f'height="{_n(size)}"',
            "D": _polygon([(x, y - half), (x + half, y), (x, y + half), (x - half, y)]),
            "^": _polygon([(x, y - half), (x + half, y + half), (x - half, y + half)]),
            "X": _polygon(_cross(x, y, half)),
        }
        self._body.append(f'{shapes[kind]} fill="{colour}" stroke="{colour}" stroke-width="0.5"/>')

    def text(
        self,
        x: float,
        y: float,
        text: str,
        *,
        size: float,
        anchor: str = "start",
        bold: bool = False,
        colour: str = "#000",
        rotate: bool = False,
    ) -> None:
        """One line of text whose baseline is at y (anchor: start, middle or end)."""
        weight = ' font-weight="bold"' if bold else ""
        turn = f' transform="rotate(-90 {_n(x)} {_n(y)})"' if rotate else ""
        self._body.append(
            f'<text x="{_n(x)}" y="{_n(y)}" font-family="{FONT_FAMILY}" font-size="{_n(size)}"'
            f'{weight} fill="{colour}" text-anchor="{anchor}"{turn}>{html.escape(text)}</text>'
        )

    def svg(self, *, title: str, description: str) -> str:
        """The drawing as an <svg> element with a title and description for screen readers
        (no XML prolog: it can be inlined in HTML as well as served as a file)."""
        size = f'width="{_n(self.width)}pt" height="{_n(self.height)}pt"'
        defs = f"<defs>{''.join(self._defs)}</defs>\n" if self._defs else ""
        return (
            f'<svg xmlns="http://www.w3.org/2000/svg" {size} '
            f'viewBox="0 0 {_n(self.width)} {_n(self.height)}" version="1.1">\n'
            f" <title>{html.escape(title)}</title>\n <desc>{html.escape(description)}</desc>\n"
            f'{defs}<rect width="100%" height="100%" fill="#fff"/>\n'
            + "\n".join(self._body)
            + "\n</svg>\n"
        )


def _polygon(points: Sequence[tuple[float, float]]) -> str:
    return f'<polygon points="{" ".join(f"{_n(x)},{_n(y)}" for x, y in points)}"'


def _cross(x: float, y: float, half: float) -> list[tuple[float, float]]:
    """An X of arms a third of its size thick."""
    t = half / 3
    return [
        (x - half, y - half + t), (x - half + t, y - half), (x, y - t), (x + half - t, y - half),
        (x + half, y - half + t), (x + t, y), (x + half, y + half - t), (x + half - t, y + half),
        (x, y + t), (x - half + t, y + half), (x - half, y + half - t), (x - t, y),
    ]  # fmt: skip
