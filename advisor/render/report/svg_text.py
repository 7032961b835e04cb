"""Faster SVG text for WeasyPrint: each plain text run laid out and drawn as one string.

WeasyPrint (62-70) draws every SVG <text> letter by letter: one Pango layout and one
text-drawing call per character, so it can honour per-letter x/y/dx/dy/rotate lists. The
report's diagram and charts never use those, yet their ~2,000 letters cost ~120 ms of a
typical report's ~1.45 s (the diagram's drawing time halves). `install()` swaps in a
drawer that lays out a plain run once and draws it once (Pango then also kerns it);
anything else falls back to WeasyPrint's own code.

The swap is checked, not assumed: it only happens while WeasyPrint's SVG module still has
the shape it is written against, otherwise WeasyPrint is left as it is (slower, still right).
"""

from __future__ import annotations

import functools
import importlib
from math import inf
from typing import Any

# Tags WeasyPrint's SVG renderer sends to its text drawer.
TEXT_TAGS = ("a", "text", "textPath", "tspan")
# Attributes that need WeasyPrint's letter-by-letter drawing.
PER_LETTER_ATTRIBUTES = ("dx", "dy", "rotate", "textLength", "letter-spacing")


@functools.cache
def install() -> bool:
    """Use the whole-run drawer for SVG text; True when it is in place."""
    svg_package = importlib.import_module("weasyprint.svg")
    text_module = importlib.import_module("weasyprint.svg.text")
    original = getattr(text_module, "text", None)
    tags = getattr(svg_package, "TAGS", {})
    # draw_node compares TAGS entries with the package's `text` to handle text-anchor:
    # both must be swapped together, and only from the known original.
    if original is None or getattr(svg_package, "text", None) is not original:
        return False
    if any(tags.get(tag) is not original for tag in TEXT_TAGS):
        return False
    if not all(hasattr(text_module, name) for name in ("TextBox", "Style", "extend_bounding_box")):
        return False

    def text(svg: Any, node: Any, font_size: float) -> None:
        if not _is_plain_run(node):
            return original(svg, node, font_size)
        return _draw_run(text_module, svg, node, font_size)

    svg_package.text = text
    for tag in TEXT_TAGS:
        tags[tag] = text
    return True


def _is_plain_run(node: Any) -> bool:
    if node.tag not in ("text", "tspan") or not node.text:
        return False
    if any(node.get(name) is not None for name in PER_LETTER_ATTRIBUTES):
        return False
    return all(len(str(node.get(axis, "")).replace(",", " ").split()) <= 1 for axis in "xy")


def _draw_run(text_module: Any, svg: Any, node: Any, font_size: float) -> None:
    """WeasyPrint's text drawer for a run with one position and no per-letter styling."""
    from weasyprint.css.properties import INITIAL_VALUES
    from weasyprint.draw.text import draw_emojis, draw_first_line
    from weasyprint.matrix import Matrix
    from weasyprint.svg.utils import size
    from weasyprint.text.line_break import split_first_line

    style = _style(text_module.Style(), INITIAL_VALUES, svg, node, font_size)
    layout, _, _, width, height, baseline = split_first_line(node.text, style, svg.context, inf, 0)
    x = size(node.get("x"), font_size, svg.inner_width) if node.get("x") else None
    y = size(node.get("y"), font_size, svg.inner_height) if node.get("y") else None
    if x is not None:
        svg.cursor_d_position[0] = 0
    if y is not None:
        svg.cursor_d_position[1] = 0
    x = svg.cursor_position[0] if x is None else x
    y = svg.cursor_position[1] if y is None else y
    svg.cursor_position = x + width, y
    x_position = x + svg.cursor_d_position[0]
    y_position = y + svg.cursor_d_position[1] + _y_align(node, font_size, height)
    node.text_bounding_box = text_module.extend_bounding_box(
        node.text_bounding_box,
        (
            (x_position, y_position - baseline),
            (x_position + width, y_position - baseline + height),
        ),
    )

    svg.stream.push_state()
    fill, stroke = svg.set_graphical_state(node, font_size)
    svg.stream.begin_text()
    layout.reactivate(style)
    svg.fill_stroke(fill, stroke, text=True)
    text_box = text_module.TextBox(layout, style)
    text_box.baseline = baseline
    matrix = Matrix(a=1, d=-1, e=x_position, f=y_position)
    emojis = draw_first_line(svg.stream, text_box, "none", "none", matrix)
    svg.stream.end_text()
    svg.stream.pop_state()
    draw_emojis(svg.stream, style, x, y, emojis)


def _style(style: Any, initial: dict, svg: Any, node: Any, font_size: float) -> Any:
    """The text's style, as WeasyPrint's own drawer builds it."""
    style.update(initial)
    style.font_config = svg.font_config
    style["font_family"] = [
        font.strip("\"'") for font in node.get("font-family", "sans-serif").split(",")
    ]
    style["font_style"] = node.get("font-style", "normal")
    style["font_size"] = font_size
    if node.get("direction") in ("ltr", "rtl"):
        style["direction"] = node.get("direction")
    weight = node.get("font-weight", 400)
    if weight == "normal":
        weight = 400
    elif weight == "bold":
        weight = 700
    else:
        try:
            weight = int(weight)
        except ValueError:
            weight = 400
    style["font_weight"] = weight
    return style


def _y_align(node: Any, font_size: float, height: float) -> float:
    """Vertical shift for the baseline attributes, as WeasyPrint computes it."""
    ascent, descent = font_size * 0.8, font_size * 0.2
    display_anchor = node.get("display-anchor")
    baseline = node.get("dominant-baseline", node.get("alignment-baseline"))
    if display_anchor == "middle":
        return -height / 2
    if display_anchor == "top":
        return 0
    if display_anchor == "bottom":
        return -height
    if baseline in ("central", "middle"):
        return (ascent + descent) / 2 - descent
    if baseline in ("text-before-edge", "before_edge", "top", "hanging", "text-top"):
        return ascent
    if baseline in ("text-after-edge", "after_edge", "bottom", "text-bottom"):
        return -descent
    return 0
