"""The architecture diagram: tested on its DOT source and on the SVG's structure, not pixels."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest
from graphviz.quoting import quote

from advisor.engine import evaluate
from advisor.engine.results import ArchitectureModel, Component, Edge
from advisor.questionnaire import workload_from_answers
from advisor.render import diagram as diagram_module
from advisor.render.diagram import (
    CLUSTERS,
    OFFLOADED_NOTE,
    build_diagram,
    diagram_dot,
    diagram_png,
    diagram_svg,
    drawn_model,
    write_diagram,
)
from advisor.render.icons import icon_data_uri
from advisor_tooling.decision_cases import decision_cases
from tests.conftest import PRESET_NAMES, load_workload, preset_answers
from tests.render.workloads import CASE_IDS, WORKLOAD_CASES, workload_for

SVG_NS = "{http://www.w3.org/2000/svg}"


@pytest.fixture(params=WORKLOAD_CASES, ids=CASE_IDS)
def model(request) -> ArchitectureModel:
    _, answers = request.param
    return evaluate(workload_for(answers)).architecture


@pytest.fixture(scope="module")
def hybrid_model() -> ArchitectureModel:
    assessment = evaluate(load_workload(preset_answers("video-processing-pipeline")))
    assert assessment.verdict.offloaded_parts  # the preset is a hybrid
    return assessment.architecture


def _node_line(dot: str, node_id: str) -> str:
    pattern = re.compile(rf"^\s*{re.escape(quote(node_id))} \[.*$", re.MULTILINE)
    match = pattern.search(dot)
    assert match, f"no node {node_id!r} in the DOT source"
    return match[0]


def _svg_texts(svg: str) -> str:
    root = ET.fromstring(svg)
    return "\n".join(" ".join(element.itertext()) for element in root.iter(f"{SVG_NS}text"))


# --- DOT ---------------------------------------------------------------------------------


def test_it_draws_every_component_as_a_node_in_its_cluster(model):
    # when
    dot = diagram_dot(model)
    # then
    for component in drawn_model(model).components:
        line = _node_line(dot, component.id)
        cluster_start = dot.index(f"subgraph cluster_{component.cluster} {{")
        cluster_end = dot.index("}", cluster_start)
        assert cluster_start < dot.index(line) < cluster_end


def test_it_draws_every_edge_with_its_label(model):
    # when
    dot = diagram_dot(model)
    # then
    for edge in drawn_model(model).edges:
        expected = f"{quote(edge.source)} -> {quote(edge.target)} [label={quote(f' {edge.label} ')}"
        assert expected in dot


def test_it_titles_each_cluster_the_model_uses(model):
    # when
    dot = diagram_dot(model)
    # then
    used = {component.cluster for component in model.components}
    for cluster_id, (title, _, _) in CLUSTERS.items():
        present = f"subgraph cluster_{cluster_id} {{" in dot
        assert present == (cluster_id in used)
        if present:
            assert f"label={quote(title)}" in dot


def test_it_shows_each_components_label_and_service(model):
    # when
    diagram = build_diagram(model)
    # then
    nodes = {node.id: node for cluster in diagram.clusters for node in cluster.nodes}
    for component in drawn_model(model).components:
        node = nodes[component.id]
        shown = " ".join(node.title_lines + node.fact_lines + node.detail_lines)
        assert " ".join(node.title_lines) == component.label.split(" · ")[0]
        for word in f"{component.label} {component.service}".replace("·", " ").split():
            assert word in shown


def test_it_marks_offloaded_components_with_a_dashed_border_a_note_and_a_legend(hybrid_model):
    # when
    dot = diagram_dot(hybrid_model)
    # then
    offloaded = [c for c in hybrid_model.components if c.offloaded]
    assert offloaded
    for component in drawn_model(hybrid_model).components:
        line = _node_line(dot, component.id)
        assert ("dashed" in line) == component.offloaded
        assert (OFFLOADED_NOTE in line) == component.offloaded
    legend = dot[: dot.index("node [")]
    assert OFFLOADED_NOTE in legend and 'STYLE="dashed"' in legend


def test_it_leaves_the_offloaded_legend_entry_out_when_nothing_is_offloaded(mobile_api):
    # given
    model = evaluate(mobile_api).architecture
    # when
    dot = diagram_dot(model)
    # then
    assert not any(component.offloaded for component in model.components)
    assert OFFLOADED_NOTE not in dot


def test_it_sets_fonts_and_left_to_right_layout(mobile_api):
    # when
    dot = diagram_dot(evaluate(mobile_api).architecture)
    # then
    assert "rankdir=LR" in dot
    for statement in ("graph [", "node [", "edge ["):
        line = next(line for line in dot.splitlines() if line.strip().startswith(statement))
        assert 'fontname="DejaVu Sans"' in line


def test_it_puts_the_title_in_the_graph_label(mobile_api):
    # when
    dot = diagram_dot(evaluate(mobile_api).architecture, title="Orders & payments <v2>")
    # then
    assert "Orders &amp; payments &lt;v2&gt;" in dot


def test_it_lets_only_the_way_there_of_a_two_way_pair_order_the_columns():
    # given
    model = ArchitectureModel(
        components=(
            Component("bucket", "bucket", "Amazon S3", "Uploads", "data"),
            Component("worker", "function", "AWS Lambda", "Lambda: worker", "compute"),
        ),
        edges=(Edge("bucket", "worker", "S3 ObjectCreated"), Edge("worker", "bucket", "GetObject")),
        functions=(),
    )
    # when
    dot = diagram_dot(model)
    # then
    there = next(line for line in dot.splitlines() if "bucket -> worker" in line)
    back = next(line for line in dot.splitlines() if "worker -> bucket" in line)
    assert "constraint" not in there
    assert "constraint=false" in back


@pytest.mark.parametrize(
    ("component", "edge", "message"),
    [
        (Component("x", "thing", "Svc", "X", "nowhere"), None, "allowed: clients_edge"),
        (Component("x", "thing", "Svc", "X", "compute"), Edge("x", "ghost", "y"), "ghost"),
    ],
)
def test_it_rejects_a_model_it_cannot_draw(component, edge, message):
    # given
    model = ArchitectureModel((component,), (edge,) if edge else (), ())
    # when / then
    with pytest.raises(ValueError, match=message):
        diagram_dot(model)


# --- SVG and PNG -------------------------------------------------------------------------


def test_the_svg_parses_and_carries_the_labels(model):
    # when
    svg = diagram_svg(model, title="Case")
    # then
    texts = _svg_texts(svg)
    diagram = build_diagram(model)
    for node in (node for cluster in diagram.clusters for node in cluster.nodes):
        assert node.title_lines[0] in texts
    for edge in drawn_model(model).edges:
        assert edge.label in texts


def test_it_folds_the_roles_into_one_node_and_leaves_ambient_links_to_the_legend(
    realtime_chat,
):
    # given: six functions, each with its role, its logs and the KMS key over the tables
    model = evaluate(realtime_chat).architecture
    roles = [c for c in model.components if c.kind == "iam_role"]
    assert len(roles) > 1

    # when
    dot = diagram_dot(model)

    # then
    assert f"one per function ({len(roles)})" in dot
    assert not any(quote(role.id) + " [" in dot for role in roles)
    assert "assumed by" not in dot and " logs " not in dot
    assert "Not drawn:" in dot


def test_the_svg_embeds_its_icons_and_references_no_file(model):
    # when
    root = ET.fromstring(diagram_svg(model))
    # then
    hrefs = [
        value
        for element in root.iter()
        for name, value in element.attrib.items()
        if name.endswith("href")
    ]
    assert hrefs  # the icons are there
    assert all(href.startswith("data:image/png;base64,") for href in hrefs)


def test_the_svg_is_the_same_bytes_every_time(video_pipeline):
    # given
    model = evaluate(video_pipeline).architecture
    first = diagram_svg(model)
    # when: nothing cached, drawn again from scratch
    diagram_svg.cache_clear()
    icon_data_uri.cache_clear()
    second = diagram_svg(model)
    # then
    assert first == second


def test_repeated_calls_are_served_from_the_cache(mobile_api):
    # given
    model = evaluate(mobile_api).architecture
    # when
    first, second = diagram_svg(model), diagram_svg(model)
    # then
    assert first is second


def test_the_png_is_a_png(mobile_api):
    # when
    png = diagram_png(evaluate(mobile_api).architecture)
    # then
    assert png.startswith(b"\x89PNG\r\n\x1a\n")


# --- files -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "starts_with"),
    [
        ("out.svg", b"<?xml"),
        ("OUT.SVG", b"<?xml"),
        ("out.png", b"\x89PNG"),
        ("out.dot", b"digraph architecture {"),
    ],
)
def test_write_diagram_picks_the_format_by_extension(tmp_path, mobile_api, name, starts_with):
    # given
    model = evaluate(mobile_api).architecture
    path = tmp_path / name
    # when
    write_diagram(model, path, title="Mobile")
    # then
    assert path.read_bytes().startswith(starts_with)


@pytest.mark.parametrize("name", ["out.pdf", "out.jpeg", "out"])
def test_write_diagram_rejects_other_extensions_and_names_the_allowed_ones(
    tmp_path, mobile_api, name
):
    # given
    model = evaluate(mobile_api).architecture
    # when / then
    with pytest.raises(ValueError, match=r"allowed: \.dot, \.png, \.svg"):
        write_diagram(model, tmp_path / name)
    assert not (tmp_path / name).exists()


def test_it_writes_nothing_to_the_working_directory(tmp_path, monkeypatch, mobile_api):
    # given
    monkeypatch.chdir(tmp_path)
    model = evaluate(mobile_api).architecture
    diagram_module.diagram_svg.cache_clear()
    diagram_module.diagram_png.cache_clear()
    # when
    diagram_svg(model)
    diagram_png(model)
    # then
    assert list(tmp_path.iterdir()) == []


# --- the compact variant (PDF report, result page) ---------------------------------------

# What a landscape page leaves the diagram in the report: US Letter (the narrower paper)
# less 10 mm side margins, and the figure's 160 mm height limit.
PRINT_AREA_PT = (792.0 - 2 * 28.35, 160 * 72 / 25.4)
MIN_PRINTED_PT = 6


def _svg_size_pt(svg: str) -> tuple[float, float]:
    root = ET.fromstring(svg)
    return float(root.get("width").removesuffix("pt")), float(root.get("height").removesuffix("pt"))


def _smallest_printed_node_text_pt(svg: str, kind: str = "node") -> float:
    """The smallest text inside a node once the drawing is scaled to fit the print area:
    its font size, times the scale dot itself applies (a `size` attribute shrinks the
    drawing with a transform, not its font sizes), times the viewBox-to-page factor,
    times the fit to the print area (never enlarged)."""
    root = ET.fromstring(svg)
    width, height = _svg_size_pt(svg)
    view_width = float(root.get("viewBox").split()[2])
    graph = next(g for g in root.iter(f"{SVG_NS}g") if g.get("class") == "graph")
    own_scale = float(re.search(r"scale\(([\d.]+)", graph.get("transform"))[1])
    fit = min(PRINT_AREA_PT[0] / width, PRINT_AREA_PT[1] / height, 1.0)
    groups = (g for g in root.iter(f"{SVG_NS}g") if g.get("class") == kind)
    sizes = [float(text.get("font-size")) for g in groups for text in g.iter(f"{SVG_NS}text")]
    return min(sizes) * own_scale * (width / view_width) * fit


@pytest.mark.parametrize("preset", PRESET_NAMES)
def test_the_compact_variant_fits_a_landscape_page_with_readable_node_text(preset):
    # given
    model = evaluate(load_workload(preset_answers(preset))).architecture

    # when
    printed = diagram_svg(model, layout="compact")

    # then: the labels on the arrows too; the wide drawing would print them far smaller
    assert _smallest_printed_node_text_pt(printed) >= MIN_PRINTED_PT
    assert _smallest_printed_node_text_pt(printed, kind="edge") >= MIN_PRINTED_PT
    assert _smallest_printed_node_text_pt(diagram_svg(model)) < MIN_PRINTED_PT


@pytest.mark.parametrize("case", decision_cases(), ids=lambda case: case.id)
def test_every_benchmark_design_prints_its_compact_node_text_at_6_pt(case):
    # given: the designs of the decision benchmark, up to 22 drawn components (36 in all)
    model = evaluate(workload_from_answers(case.workload)).architecture

    # when
    printed = diagram_svg(model, layout="compact")

    # then
    assert _smallest_printed_node_text_pt(printed) >= MIN_PRINTED_PT


def test_a_size_that_shrinks_the_drawing_is_measured_as_printed(mobile_api, monkeypatch):
    # given: dot told to shrink the drawing to 4 x 3 inches (a scale transform)
    model = evaluate(mobile_api).architecture
    monkeypatch.setitem(diagram_module.COMPACT_GRAPH_ATTRS, "size", "4,3")
    diagram_module.diagram_svg.cache_clear()

    # when
    shrunk = diagram_svg(model, layout="compact")
    diagram_module.diagram_svg.cache_clear()

    # then: the font sizes are unchanged, the printed text is not
    assert _smallest_printed_node_text_pt(shrunk) < MIN_PRINTED_PT


def test_a_busy_design_drops_the_cluster_boxes_and_names_their_colours(realtime_chat):
    # given: 22 components whose cluster boxes would print the text at about 4.6 pt
    model = evaluate(realtime_chat).architecture

    # when
    svg = diagram_svg(model, layout="compact")

    # then
    root = ET.fromstring(svg)
    assert not [g for g in root.iter(f"{SVG_NS}g") if g.get("class") == "cluster"]
    texts = _svg_texts(svg)
    assert "Border colours (no cluster boxes here):" in texts
    for cluster_id in {c.cluster for c in model.components}:
        assert CLUSTERS[cluster_id][0] in texts
    assert _smallest_printed_node_text_pt(svg) >= MIN_PRINTED_PT


def test_a_design_that_fits_keeps_its_cluster_boxes(mobile_api):
    # when
    svg = diagram_svg(evaluate(mobile_api).architecture, layout="compact")

    # then
    clusters = [g for g in ET.fromstring(svg).iter(f"{SVG_NS}g") if g.get("class") == "cluster"]
    assert len(clusters) == len({c.cluster for c in evaluate(mobile_api).architecture.components})
    assert "Border colours" not in _svg_texts(svg)


def test_the_compact_nodes_leave_out_a_service_their_name_already_says(mobile_api):
    # given
    model = evaluate(mobile_api).architecture

    # when
    wide, compact = (
        {
            node.id: node
            for cluster in build_diagram(model, layout=layout).clusters
            for node in cluster.nodes
        }
        for layout in ("wide", "compact")
    )

    # then: "DynamoDB table" says Amazon DynamoDB; "HTTP API" does not say API Gateway
    table = next(c.id for c in model.components if c.kind == "table")
    api = next(c.id for c in model.components if c.kind == "api")
    assert "Amazon DynamoDB" in wide[table].detail_lines
    assert "Amazon DynamoDB" not in compact[table].detail_lines
    assert "Amazon API Gateway" in " ".join(compact[api].detail_lines)


def test_the_compact_variant_flows_top_to_bottom_and_still_shows_every_node_and_edge(model):
    # when
    svg = diagram_svg(model, layout="compact")

    # then
    texts = _svg_texts(svg)
    diagram = build_diagram(model, layout="compact")
    for node in (node for cluster in diagram.clusters for node in cluster.nodes):
        assert node.title_lines[0] in texts
    for edge in drawn_model(model).edges:
        assert edge.label in texts
    assert list(ET.fromstring(svg).iter(f"{SVG_NS}image"))  # icons too


def test_the_default_layout_is_the_wide_one(mobile_api):
    # given
    model = evaluate(mobile_api).architecture

    # when
    default, wide, printed = (
        diagram_svg(model),
        diagram_svg(model, layout="wide"),
        diagram_svg(model, layout="compact"),
    )

    # then
    assert default == wide
    assert printed != wide
    assert _svg_size_pt(printed)[0] < _svg_size_pt(wide)[0]


def test_an_unknown_layout_is_refused(mobile_api):
    # when / then
    with pytest.raises(ValueError, match="layout must be one of wide, compact"):
        diagram_svg(evaluate(mobile_api).architecture, layout="poster")
