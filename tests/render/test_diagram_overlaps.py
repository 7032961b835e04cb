"""No two labels of the largest design in the decision benchmark overlap, read from
graphviz's own layout (`dot -Tjson`: node boxes, and each edge label's text as drawn).

One dot run writes the SVG and the JSON: a second run would lay the icons out anew (the
JSON renderer cannot read PNGs), and could place the labels elsewhere."""

from __future__ import annotations

import functools
import itertools
import json
import re
import subprocess
from pathlib import Path
from typing import NamedTuple

import pytest

from advisor.engine import evaluate
from advisor.engine.results import Assessment
from advisor.questionnaire import workload_from_answers
from advisor.render.diagram import (
    LAYOUTS,
    Diagram,
    _digraph,
    build_diagram,
    compact_drawing,
    diagram_svg,
    drawn_model,
)
from advisor_tooling.decision_cases import decision_cases

# Text boxes from a baseline: descenders below it, capitals above (in units of font size).
DESCENT, ASCENT = 0.25, 0.85
TOUCH_PT = 0.5  # boxes sharing an edge do not overlap
# The compact drawing lists under its legend the labels it has no room for beside their
# arrows; most stay on the arrows.
LEAST_ON_ARROWS = 0.75


class Box(NamedTuple):
    what: str
    x0: float
    y0: float
    x1: float
    y1: float


@functools.cache
def _largest() -> tuple[str, Assessment]:
    assessed = [
        (case.id, evaluate(workload_from_answers(case.workload))) for case in decision_cases()
    ]
    return max(assessed, key=lambda pair: len(drawn_model(pair[1].architecture).components))


def _diagram(layout: str) -> Diagram:
    """The diagram as the pages and the PDF draw it."""
    case_id, assessment = _largest()
    diagram = build_diagram(assessment.architecture, title=case_id, layout=layout)
    return compact_drawing(diagram)[0] if layout == "compact" else diagram


@functools.cache
def _layout(layout: str, folder: Path) -> tuple[dict, str]:
    """dot's JSON and SVG of one layout of the drawing."""
    source = _digraph(_diagram(layout), icons=True, layout=layout).source
    svg, layout_json = folder / "drawing.svg", folder / "drawing.json"
    command = ["dot", "-Tsvg", "-o", str(svg), "-Tjson", "-o", str(layout_json)]
    subprocess.run(command, input=source.encode(), check=True, capture_output=True)
    return json.loads(layout_json.read_text()), svg.read_text()


def _texts(svg: str) -> list[str]:
    return re.findall(r"<text[^>]*>([^<]*)</text>", svg)


def _node_boxes(drawn: dict) -> list[Box]:
    boxes = []
    for obj in drawn.get("objects", []):
        if "nodes" in obj or "pos" not in obj:  # a cluster, or the graph's own label
            continue
        x, y = map(float, obj["pos"].split(","))
        half_w, half_h = float(obj["width"]) * 36, float(obj["height"]) * 36
        boxes.append(Box(f"node {obj['name']}", x - half_w, y - half_h, x + half_w, y + half_h))
    return boxes


def _edge_label_boxes(drawn: dict) -> list[Box]:
    boxes = []
    for edge in drawn.get("edges", []):
        for key in ("_ldraw_", "_xldraw_"):
            size = 0.0
            for op in edge.get(key, []):
                if op["op"] == "F":
                    size = op["size"]
                elif op["op"] == "T":
                    (x, y), width = op["pt"], op["width"]
                    x0 = {"l": x, "c": x - width / 2, "r": x - width}[op["align"]]
                    top, bottom = y + size * ASCENT, y - size * DESCENT
                    boxes.append(Box(f"label {op['text'].strip()!r}", x0, bottom, x0 + width, top))
    return boxes


def _overlap(a: Box, b: Box) -> bool:
    return (
        min(a.x1, b.x1) - max(a.x0, b.x0) > TOUCH_PT
        and min(a.y1, b.y1) - max(a.y0, b.y0) > TOUCH_PT
    )


def test_the_benchmarks_largest_design_is_a_large_one():
    # given / when
    _case, assessment = _largest()

    # then: the test below is about a design big enough to crowd
    assert len(drawn_model(assessment.architecture).components) >= 20
    assert len(assessment.architecture.edges) >= 20


@pytest.mark.parametrize("layout", LAYOUTS)
def test_no_label_is_printed_over_another_label_or_a_node(layout, tmp_path):
    # given: the layout of the very drawing the pages and the PDF show
    drawn, svg = _layout(layout, tmp_path)
    case_id, assessment = _largest()
    shown = diagram_svg(assessment.architecture, title=case_id, layout=layout)
    assert _texts(svg) == _texts(shown)
    nodes, labels = _node_boxes(drawn), _edge_label_boxes(drawn)

    # when
    clashes = [
        (a.what, b.what)
        for a, b in itertools.combinations(labels + nodes, 2)
        if not (a.what.startswith("node") and b.what.startswith("node")) and _overlap(a, b)
    ]

    # then
    assert nodes and labels
    assert clashes == []


@pytest.mark.parametrize("layout", LAYOUTS)
def test_every_edge_label_is_on_its_arrow_or_listed_under_the_legend(layout, tmp_path):
    # given
    diagram = _diagram(layout)
    labelled = [edge for edge in diagram.edges if edge.label]

    # when
    drawn, _svg = _layout(layout, tmp_path)
    on_arrows = sum(1 for edge in drawn["edges"] if "lp" in edge or "xlp" in edge)
    legend = json.dumps(drawn.get("_ldraw_", []))

    # then
    assert on_arrows + len(diagram.listed) == len(labelled)
    assert on_arrows >= (len(labelled) if layout == "wide" else LEAST_ON_ARROWS * len(labelled))
    for edge in diagram.listed:
        assert json.dumps(edge.label)[1:-1] in legend
