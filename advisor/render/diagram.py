"""The architecture diagram: the engine's ArchitectureModel drawn with graphviz.

The diagram is built as data first (frozen dataclasses), then one function turns it into
a graphviz Digraph and pipes it through `dot`: no files are written, no global state is
kept. SVG output carries its icons as data URIs, so it works inline in a page, in the PDF
and inside a zip. Results are cached by content (the model is frozen, hence hashable).
"""

from __future__ import annotations

import functools
import html
import itertools
import re
import textwrap
import xml.etree.ElementTree as ET
from dataclasses import dataclass, replace
from pathlib import Path

import graphviz

from advisor.engine.results import ArchitectureModel, Component, Function
from advisor.render.icons import icon_data_uri, icon_for, icon_root

FONT = "DejaVu Sans"  # graphviz falls back to Times without an explicit font
LABEL_WRAP_CHARS = 30
DETAIL_WRAP_CHARS = 36
ICON_POINTS = 32
OFFLOADED_NOTE = "runs outside Lambda (hybrid)"
BREAK = '<BR ALIGN="LEFT"/>'  # left-aligned line break in an HTML-like label

# Cluster id (the model's `cluster` value) -> (title, AWS category colour, light tint).
# Titles carry the meaning; colour only helps (colour is never the only signal).
CLUSTERS: dict[str, tuple[str, str, str]] = {
    "clients_edge": ("Clients / Edge", "#8C4FFF", "#F5F0FF"),
    "compute": ("Compute", "#D45B07", "#FFF5EC"),
    "data": ("Data", "#2E73B8", "#EEF4FB"),
    "messaging_workflow": ("Messaging and Workflow", "#C7125F", "#FDF0F6"),
    "security": ("Security", "#C7253E", "#FDF0F1"),
    "observability": ("Observability", "#1A7F6E", "#EDF8F5"),
}
SUPPORTING_CLUSTERS = {"security", "observability"}
# Links every function has (its role, its logs, the key over each store) would double the
# edges of a busy design without telling a reader anything new: they are summarised in
# the legend and listed in full in the report's component inventory.
AMBIENT_EDGE_LABELS = frozenset({"assumed by", "logs", "encrypts at rest"})
# One role per function is drawn as one node: "IAM roles · one per function (6)".
ROLE_KIND = "iam_role"
ROLES_NODE_ID = "iam_roles"
AMBIENT_NOTE = "each function's own IAM role, its log group, and KMS encryption at rest"
OFFLOADED_FILL = "#FFF1D6"
OFFLOADED_BORDER = "#A15C00"
TEXT_GREY = "#4A5159"

GRAPH_ATTRS: dict[str, str] = {
    "rankdir": "LR",
    "fontname": FONT,
    "fontsize": "12",
    "labelloc": "t",
    "labeljust": "l",
    # Wide enough that labels of edges leaving one node side by side do not touch.
    "nodesep": "0.55",
    "ranksep": "0.6",
    "pad": "0.25",
    "bgcolor": "white",
    "newrank": "true",
}
NODE_ATTRS: dict[str, str] = {
    "shape": "box",
    "style": "rounded,filled",
    "fillcolor": "white",
    "fontname": FONT,
    "fontsize": "11",
    "margin": "0.08,0.04",
    "penwidth": "1.2",
}
EDGE_ATTRS: dict[str, str] = {
    "fontname": FONT,
    "fontsize": "9",
    "fontcolor": TEXT_GREY,
    "color": "#545B64",
    "arrowsize": "0.7",
}
# Edges to and from security and observability (roles, keys, logs) support the flow; drawn
# lighter so the path of the work stands out.
SUPPORTING_EDGE_ATTRS: dict[str, str] = {
    "color": "#A7ADB4",
    "fontcolor": "#7A8088",
    "penwidth": "0.8",
}
CLUSTER_ATTRS: dict[str, str] = {
    "style": "rounded,filled",
    "fontname": FONT,
    "fontsize": "12",
    "labeljust": "l",
    "penwidth": "1.2",
    "margin": "12",
}
# Output format -> what write_diagram does with it.
FORMATS = ("dot", "png", "svg")
# PNGs go into READMEs and slides: 96 dpi keeps a busy design readable when zoomed and
# its file (and dot's rendering time) small; the SVG is the sharp version.
PNG_DPI = "96"

# "wide" flows left to right at natural size: the downloads, for a large screen or a slide.
# "compact" must fit one landscape A4/Letter page (COMPACT_PAGE_POINTS) with node text still
# >= MIN_PRINTED_POINTS once scaled to fit; the same drawing fits the result page's column.
LAYOUTS = ("wide", "compact")
# Top to bottom: a design's long chain of steps becomes the page's height, not its width.
# Tight separations; the page, not the drawing, provides the white space.
COMPACT_GRAPH_ATTRS: dict[str, str] = {
    "rankdir": "TB",
    # An edge label that cannot go where it overlaps nothing is left out (the wide
    # drawing, a click away, has every label): printed over a node or another label, as
    # graphviz does by default, neither could be read.
    "forcelabels": "false",
    "nodesep": "0.12",
    "ranksep": "0.2",
    "pad": "0.05",
}
COMPACT_NODE_MARGIN = "0.05,0.03"
COMPACT_CLUSTER_MARGIN = "6"
COMPACT_ICON_POINTS = 20
COMPACT_CELLSPACING = "2"
# Facts, details and edge labels at the names' 11 pt: scaled to fit the page, the screen's
# 10 and 9 pt would print below 6 pt. (Compact edge labels are xlabels, placed
# after the layout, so their size costs no room.)
COMPACT_TEXT_POINTS = ("11", "11")  # graphviz rounds HTML-label sizes to whole points
COMPACT_EDGE_POINTS = "11"
# Narrower labels make narrower nodes: a top-to-bottom layout is as wide as its widest rank.
COMPACT_LABEL_WRAP_CHARS = 16
COMPACT_DETAIL_WRAP_CHARS = 20
# Node text at 6 pt or more on the page: below it a printed diagram cannot be read. The
# page is what a landscape Letter page (the narrower paper) leaves the report's figure:
# 279.4 mm less 10 mm side margins wide, 160 mm high (report.css).
MIN_PRINTED_POINTS = 6.0
COMPACT_PAGE_POINTS = (792.0 - 2 * 28.35, 160 * 72 / 25.4)
# "Amazon" and "AWS" in a service's name say nothing a node's own label does not: "SQS work
# queue" already names Amazon SQS (see `_says_its_service`).
SERVICE_NAME_PREFIXES = frozenset({"amazon", "aws"})
# Share of the edge labels a compact drawing should place on their arrows, not in the list.
LEAST_LABELS_ON_ARROWS = 0.75


@dataclass(frozen=True)
class CompactVariant:
    boxed: bool  # cluster boxes drawn (see Diagram.boxed)
    nodesep: str  # dot's nodesep, inches


# Tried in this order by `compact_drawing`; the first that prints its node text at
# MIN_PRINTED_POINTS with LEAST_LABELS_ON_ARROWS of its labels on their arrows is drawn.
COMPACT_VARIANTS = (
    CompactVariant(boxed=True, nodesep="0.12"),
    CompactVariant(boxed=False, nodesep="0.12"),
    # A long chain of steps fills the page's height first: width is left over, and wider
    # gaps give the labels room beside their arrows (the list under the legend shortens).
    CompactVariant(boxed=False, nodesep="0.35"),
)
# Unconnected nodes (keys, logs, alarms) are chained in pairs, so they pack into a block
# of two rows instead of one long row or column.
COMPACT_UNCONNECTED_CHAIN = 2
LABEL_PASSES = 4  # layouts tried while moving unplaceable labels under the legend


@dataclass(frozen=True)
class DiagramNode:
    id: str  # the component id
    title_lines: tuple[str, ...]  # the component's name (first part of its label), bold
    fact_lines: tuple[str, ...]  # the rest of its label: "512 MB · 6 s", "on-demand · PITR"
    detail_lines: tuple[str, ...]  # AWS service and sizing, small and grey
    icon: str  # path relative to the icon folder, "" for none
    offloaded: bool


@dataclass(frozen=True)
class DiagramCluster:
    id: str
    title: str
    colour: str
    fill: str
    nodes: tuple[DiagramNode, ...]


@dataclass(frozen=True)
class DiagramEdge:
    source: str
    target: str
    label: str
    to_offloaded: bool  # drawn dashed: the event leaves serverless
    supporting: bool  # to or from security / observability: drawn lighter
    # False for the way back of a two-way pair (a function reading the upload that
    # triggered it): only the way there orders the columns, or dot may flip the flow.
    ranks: bool


@dataclass(frozen=True)
class Diagram:
    title: str
    clusters: tuple[DiagramCluster, ...]
    edges: tuple[DiagramEdge, ...]
    has_offloaded: bool
    # Components no event reaches (keys, logs, alarms), in drawing order. Invisible edges
    # chain them into one row; otherwise dot stacks them all in the first column.
    unconnected: tuple[str, ...] = ()
    # Edges whose labels the compact drawing found no free room for: drawn unlabelled,
    # their labels listed under the legend (see `_list_unplaced_labels`).
    listed: tuple[DiagramEdge, ...] = ()
    # What this drawing leaves out beyond AMBIENT_NOTE, said in the legend.
    also_not_drawn: str = ""
    # False: no cluster boxes; each node is tinted with its cluster's colours and the legend
    # names them. Boxes keep each cluster in its own band of the page, which a large design
    # cannot afford on one page (see `compact_drawing`).
    boxed: bool = True
    # dot's nodesep (inches between neighbours of one rank); "" for the layout's own.
    nodesep: str = ""


# --- model -> diagram data -------------------------------------------------------


def build_diagram(model: ArchitectureModel, *, title: str = "", layout: str = "wide") -> Diagram:
    """The diagram as data: clusters in a fixed order, nodes and edges as the model says."""
    _check_model(model)
    _check_layout(layout)
    compact = layout == "compact"
    wrap = (
        (COMPACT_LABEL_WRAP_CHARS, COMPACT_DETAIL_WRAP_CHARS)
        if compact
        else (LABEL_WRAP_CHARS, DETAIL_WRAP_CHARS)
    )
    model = drawn_model(model)
    functions = {function.id: function for function in model.functions}
    offloaded = {component.id for component in model.components if component.offloaded}
    clusters = tuple(
        _cluster(
            cluster_id,
            [c for c in model.components if c.cluster == cluster_id],
            functions,
            wrap,
            says_service=not compact,
        )
        for cluster_id in CLUSTERS
        if any(c.cluster == cluster_id for c in model.components)
    )
    edges = _edges(model, offloaded)
    ranked = {e.source for e in edges if e.ranks} | {e.target for e in edges if e.ranks}
    unconnected = tuple(
        node.id for cluster in clusters for node in cluster.nodes if node.id not in ranked
    )
    return Diagram(title, clusters, edges, bool(offloaded), unconnected)


def drawn_model(model: ArchitectureModel) -> ArchitectureModel:
    """The model with per-function roles folded into one node and ambient links dropped."""
    roles = [c for c in model.components if c.kind == ROLE_KIND]
    components = [c for c in model.components if c.kind != ROLE_KIND]
    if roles:
        components.append(
            Component(
                id=ROLES_NODE_ID,
                kind=ROLE_KIND,
                service=roles[0].service,
                label=f"IAM roles · one per function ({len(roles)}), least privilege",
                cluster=roles[0].cluster,
            )
        )
    role_ids = {role.id for role in roles}
    edges = tuple(
        edge
        for edge in model.edges
        if edge.label not in AMBIENT_EDGE_LABELS
        and edge.source not in role_ids
        and edge.target not in role_ids
    )
    return replace(model, components=tuple(components), edges=edges)


def _edges(model: ArchitectureModel, offloaded: set[str]) -> tuple[DiagramEdge, ...]:
    cluster_of = {component.id: component.cluster for component in model.components}
    seen: set[tuple[str, str]] = set()
    edges = []
    for edge in model.edges:
        supporting = {cluster_of[edge.source], cluster_of[edge.target]} & SUPPORTING_CLUSTERS
        ranks = (edge.target, edge.source) not in seen
        seen.add((edge.source, edge.target))
        edges.append(
            DiagramEdge(
                edge.source,
                edge.target,
                edge.label,
                edge.target in offloaded,
                bool(supporting),
                ranks,
            )
        )
    return tuple(edges)


def _check_layout(layout: str) -> None:
    if layout not in LAYOUTS:
        raise ValueError(f"layout must be one of {', '.join(LAYOUTS)}, not {layout!r}")


def _check_model(model: ArchitectureModel) -> None:
    ids = {component.id for component in model.components}
    for component in model.components:
        if component.cluster not in CLUSTERS:
            allowed = ", ".join(CLUSTERS)
            raise ValueError(
                f"component {component.id!r} has cluster {component.cluster!r}; allowed: {allowed}"
            )
    for edge in model.edges:
        if edge.source not in ids or edge.target not in ids:
            raise ValueError(f"edge {edge.source!r} -> {edge.target!r} names an unknown component")


def _cluster(
    cluster_id: str,
    components: list[Component],
    functions: dict[str, Function],
    wrap: tuple[int, int],
    *,
    says_service: bool,
) -> DiagramCluster:
    title, colour, fill = CLUSTERS[cluster_id]
    nodes = tuple(
        _node(component, functions.get(component.id), wrap, says_service=says_service)
        for component in components
    )
    return DiagramCluster(cluster_id, title, colour, fill, nodes)


def _node(
    component: Component,
    function: Function | None,
    wrap: tuple[int, int],
    *,
    says_service: bool = True,
) -> DiagramNode:
    """`says_service` False: the AWS service line is left out when the label names it."""
    label_chars, detail_chars = wrap
    name, _, facts = component.label.partition(" · ")
    repeated = component.service in component.label or (
        not says_service and _says_its_service(component.label, component.service)
    )
    details = [] if repeated else [component.service]
    if function is not None and " MB" not in component.label:
        details.append(_function_sizing(function))
    return DiagramNode(
        id=component.id,
        title_lines=_wrap(name or component.id, label_chars),
        fact_lines=_wrap(facts, detail_chars) if facts else (),
        detail_lines=tuple(line for detail in details for line in _wrap(detail, detail_chars)),
        icon=icon_for(component),
        offloaded=component.offloaded,
    )


def _says_its_service(label: str, service: str) -> bool:
    """True when every word of the service's name is in the label: "SQS work queue" says
    Amazon SQS, "CloudWatch alarms" Amazon CloudWatch (alarms); "HTTP API" does not say
    Amazon API Gateway (HTTP API), nor "Aurora Serverless v2" its (PostgreSQL)."""
    return _words(service) - SERVICE_NAME_PREFIXES <= _words(label)


@functools.lru_cache(maxsize=4096)
def _words(text: str) -> frozenset[str]:
    return frozenset(re.findall(r"[\w-]+", text.lower()))


# Cached: labels repeat across designs and keystrokes (the live panel keys its diagram by
# the diagram as data), and textwrap is most of building it.
@functools.lru_cache(maxsize=4096)
def _wrap(text: str, width: int) -> tuple[str, ...]:
    """Lines of at most `width` characters, breaking at " · " separators before spaces."""
    lines: list[str] = []
    for part in text.split(" · "):
        if lines and len(lines[-1]) + 3 + len(part) <= width:
            lines[-1] += " · " + part
        else:
            lines.extend(textwrap.wrap(part, width, break_on_hyphens=False) or [part])
    return tuple(lines)


def _function_sizing(function: Function) -> str:
    return f"{function.memory_mb:,} MB · {function.timeout_s:,} s · {function.architecture}"


# --- diagram -> graphviz -----------------------------------------------------------


def _digraph(
    diagram: Diagram, *, icons: bool, dpi: str = "", layout: str = "wide"
) -> graphviz.Digraph:
    """The one place a Digraph is made; `icons` False gives portable DOT (no file paths)."""
    compact = layout == "compact"
    graph_attrs = dict(GRAPH_ATTRS, label=_graph_label(diagram))
    if compact:
        graph_attrs.update(COMPACT_GRAPH_ATTRS)
    if diagram.nodesep:
        graph_attrs["nodesep"] = diagram.nodesep
    if icons:
        graph_attrs["imagepath"] = str(icon_root())
    if dpi:
        graph_attrs["dpi"] = dpi
    node_attrs = dict(NODE_ATTRS, margin=COMPACT_NODE_MARGIN) if compact else NODE_ATTRS
    edge_attrs = dict(EDGE_ATTRS, fontsize=COMPACT_EDGE_POINTS) if compact else EDGE_ATTRS
    graph = graphviz.Digraph(
        "architecture", graph_attr=graph_attrs, node_attr=node_attrs, edge_attr=edge_attrs
    )
    cluster_attrs = dict(CLUSTER_ATTRS, margin=COMPACT_CLUSTER_MARGIN) if compact else CLUSTER_ATTRS
    for cluster in diagram.clusters:
        # Without boxes the nodes stay in a (plain) subgraph, in the same order for dot.
        name = f"cluster_{cluster.id}" if diagram.boxed else cluster.id
        with graph.subgraph(name=name) as sub:
            if diagram.boxed:
                sub.attr(label=cluster.title, color=cluster.colour, fillcolor=cluster.fill)
                sub.attr(**cluster_attrs)
            for node in cluster.nodes:
                label = _node_label(node, icons=icons, compact=compact)
                sub.node(node.id, label=label, **_node_style(node, cluster, diagram.boxed))
    # In the compact layout edge labels go on after the layout (xlabel): as ordinary
    # labels they would each widen their rank by the label's length.
    label_attr = "xlabel" if compact else "label"
    for edge in diagram.edges:
        # A listed label stays in the layout, unseen: dot's placement of the others is
        # a heuristic that changes when a label is taken out.
        style = _edge_style(edge)
        if edge in diagram.listed:
            style["fontcolor"] = "transparent"
        graph.edge(edge.source, edge.target, **{label_attr: f" {edge.label} "}, **style)
    chain = COMPACT_UNCONNECTED_CHAIN if compact else len(diagram.unconnected)
    for start in range(0, len(diagram.unconnected), max(chain, 1)):
        for source, target in itertools.pairwise(diagram.unconnected[start : start + chain]):
            graph.edge(source, target, style="invis")
    return graph


def _node_style(node: DiagramNode, cluster: DiagramCluster, boxed: bool = True) -> dict[str, str]:
    if node.offloaded:
        return {
            "style": "rounded,filled,dashed",
            "fillcolor": OFFLOADED_FILL,
            "color": OFFLOADED_BORDER,
            "penwidth": "2",
        }
    # Without its cluster's box a node wears the box's tint (the legend names each tint).
    style = {"color": cluster.colour}
    if not boxed:
        style["fillcolor"] = cluster.fill
    return style


def _edge_style(edge: DiagramEdge) -> dict[str, str]:
    style = dict(SUPPORTING_EDGE_ATTRS) if edge.supporting else {}
    if edge.to_offloaded:
        style.update(style="dashed", color=OFFLOADED_BORDER)
    if not edge.ranks:
        style["constraint"] = "false"
    return style


def _node_label(node: DiagramNode, *, icons: bool, compact: bool = False) -> str:
    fact_pt, detail_pt = COMPACT_TEXT_POINTS if compact else ("10", "9")
    text = f"<B>{_lines(node.title_lines)}</B>{BREAK}"
    if node.fact_lines:
        text += f'<FONT POINT-SIZE="{fact_pt}">{_lines(node.fact_lines)}</FONT>{BREAK}'
    if node.detail_lines:
        text += (
            f'<FONT POINT-SIZE="{detail_pt}" COLOR="{TEXT_GREY}">'
            f"{_lines(node.detail_lines)}</FONT>{BREAK}"
        )
    if node.offloaded:
        text += (
            f'<FONT POINT-SIZE="{detail_pt}" COLOR="{OFFLOADED_BORDER}">'
            f"<I>{OFFLOADED_NOTE}</I></FONT>{BREAK}"
        )
    icon_points = COMPACT_ICON_POINTS if compact else ICON_POINTS
    icon_cell = ""
    if icons and node.icon:
        icon_cell = (
            f'<TD FIXEDSIZE="TRUE" WIDTH="{icon_points}" HEIGHT="{icon_points}">'
            f'<IMG SRC="{node.icon}" SCALE="TRUE"/></TD>'
        )
    spacing = COMPACT_CELLSPACING if compact else "4"
    return (
        f'<<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="{spacing}" CELLPADDING="0"><TR>'
        f'{icon_cell}<TD ALIGN="LEFT" BALIGN="LEFT">{text}</TD></TR></TABLE>>'
    )


def _lines(lines: tuple[str, ...]) -> str:
    return BREAK.join(_escape(line) for line in lines)


def _graph_label(diagram: Diagram) -> str:
    """Title and legend, as one HTML-like table above the drawing."""
    title = _escape(diagram.title) if diagram.title else "Architecture"
    legend = (
        '<TD BORDER="1" STYLE="rounded" COLOR="#545B64" CELLPADDING="4">'
        "serverless / AWS managed</TD>"
    )
    if diagram.has_offloaded:
        legend += (
            f'<TD BORDER="1" STYLE="dashed" COLOR="{OFFLOADED_BORDER}" BGCOLOR="{OFFLOADED_FILL}"'
            f' CELLPADDING="4">{OFFLOADED_NOTE}</TD>'
        )
    legend += '<TD CELLPADDING="4">→ labelled with the event that flows</TD>'
    # Labels listed beside the legend, not below it: a top-to-bottom drawing is short of
    # height on a landscape page, seldom of width.
    return (
        '<<TABLE BORDER="0" CELLSPACING="6" CELLPADDING="0">'
        f'<TR><TD COLSPAN="4" ALIGN="LEFT"><FONT POINT-SIZE="15"><B>{title}</B></FONT></TD>'
        f"{_listed_labels_cell(diagram)}</TR>"
        f'<TR><TD ALIGN="LEFT"><FONT POINT-SIZE="10">Legend:</FONT></TD>{legend}</TR>'
        f"{_cluster_key_row(diagram)}"
        f'<TR><TD COLSPAN="4" ALIGN="LEFT"><FONT POINT-SIZE="9" COLOR="{TEXT_GREY}">'
        f"Not drawn: {AMBIENT_NOTE}{diagram.also_not_drawn}.</FONT></TD></TR>"
        "</TABLE>>"
    )


def _cluster_key_row(diagram: Diagram) -> str:
    """Without cluster boxes, which cluster each node's border colour stands for, in words.
    One cell of text (a table nested in the graph's label crashes dot's JSON output)."""
    if diagram.boxed:
        return ""
    keys = "   ".join(
        f'<FONT COLOR="{cluster.colour}">■</FONT> {_escape(cluster.title)}'
        for cluster in diagram.clusters
    )
    return (
        '<TR><TD COLSPAN="4" ALIGN="LEFT"><FONT POINT-SIZE="10">'
        f"Border colours (no cluster boxes here):   {keys}</FONT></TD></TR>"
    )


def _listed_labels_cell(diagram: Diagram) -> str:
    if not diagram.listed:
        return ""
    names = {
        node.id: " ".join(node.title_lines)
        for cluster in diagram.clusters
        for node in cluster.nodes
    }
    lines = tuple(
        f"{names[edge.source]} → {names[edge.target]}: {edge.label}" for edge in diagram.listed
    )
    return (
        '<TD ROWSPAN="3" VALIGN="TOP" ALIGN="LEFT" BALIGN="LEFT"><FONT POINT-SIZE="10">'
        f"Arrows labelled here (no room beside them):{BREAK}{_lines(lines)}"
        "</FONT></TD>"
    )


def compact_drawing(diagram: Diagram) -> tuple[Diagram, str]:
    """The compact drawing (and the diagram as drawn): the first of COMPACT_VARIANTS that
    fits the page with node text at MIN_PRINTED_POINTS and most labels on their arrows;
    else, of those with readable text, the one with the most labels on arrows; else the
    one with the largest text. Cluster boxes are bands dot cannot interleave: a busy
    design (a chat's 22 components) comes out half as wide again with them."""
    diagram = _without_idempotency_links(diagram)
    tried = []
    for variant in COMPACT_VARIANTS:
        drawn = _labelled_drawing(replace(diagram, boxed=variant.boxed, nodesep=variant.nodesep))
        text_points, on_arrows = printed_node_text_points(drawn[1]), _on_arrows(drawn[0])
        if text_points >= MIN_PRINTED_POINTS and on_arrows >= LEAST_LABELS_ON_ARROWS:
            return drawn
        tried.append((text_points >= MIN_PRINTED_POINTS, on_arrows, text_points, drawn))
    readable = [attempt for attempt in tried if attempt[0]]
    if readable:  # max keeps the first of equals: boxes before none
        return max(readable, key=lambda attempt: attempt[1])[3]
    return max(tried, key=lambda attempt: attempt[2])[3]


def _on_arrows(diagram: Diagram) -> float:
    """The share of the edge labels drawn beside their arrows (not listed)."""
    labelled = sum(1 for edge in diagram.edges if edge.label)
    return 1 - len(diagram.listed) / labelled if labelled else 1.0


def printed_node_text_points(svg: str) -> float:
    """The smallest node text of a drawing once scaled to fit COMPACT_PAGE_POINTS (never
    enlarged), in points on the page: font size x the drawing's own scale x the fit."""
    root = ET.fromstring(svg)
    width, height = (float(root.get(side, "0").removesuffix("pt")) for side in ("width", "height"))
    view_width = float(root.get("viewBox", f"0 0 {width} {height}").split()[2])
    graph = next(g for g in root.iter(f"{_SVG}g") if g.get("class") == "graph")
    own_scale = float(re.search(r"scale\(([\d.]+)", graph.get("transform", "scale(1)"))[1])
    fit = min(COMPACT_PAGE_POINTS[0] / width, COMPACT_PAGE_POINTS[1] / height, 1.0)
    sizes = [
        float(text.get("font-size", "0"))
        for group in root.iter(f"{_SVG}g")
        if group.get("class") == "node"
        for text in group.iter(f"{_SVG}text")
    ]
    return min(sizes, default=0.0) * own_scale * (width / view_width) * fit


def _labelled_drawing(diagram: Diagram) -> tuple[Diagram, str]:
    """The drawing with every edge label dot could not place beside its arrow
    (forcelabels off: it leaves those out rather than print them over a node or another
    label) listed under the legend instead, so no label is lost. Read from the SVG itself:
    dot's JSON output lays images out differently. Listing changes the legend, so draw
    again until every label still on an arrow is drawn."""
    for _pass in range(LABEL_PASSES):
        graph = _digraph(diagram, icons=True, layout="compact")
        svg = graph.pipe(format="svg", encoding="utf-8", quiet=True)
        unplaced = _labels_left_out(diagram, svg)
        if not unplaced:
            break
        diagram = replace(diagram, listed=diagram.listed + unplaced)
    return diagram, svg


# Every event consumer records what it did in the idempotency table: on one page those
# links would cross the whole drawing, so the table is drawn and its links are said.
IDEMPOTENCY_LINK = "idempotency records"


def _without_idempotency_links(diagram: Diagram) -> Diagram:
    edges = tuple(edge for edge in diagram.edges if edge.label != IDEMPOTENCY_LINK)
    if len(edges) == len(diagram.edges):
        return diagram
    note = "; each event consumer's link to the idempotency records"
    return replace(diagram, edges=edges, also_not_drawn=note)


def _labels_left_out(diagram: Diagram, svg: str) -> tuple[DiagramEdge, ...]:
    """The labelled edges (not yet listed) whose group in the SVG has no text."""
    drawn: dict[str, list[bool]] = {}
    for group in ET.fromstring(svg).iter(f"{_SVG}g"):
        if group.get("class") == "edge":
            title = group.findtext(f"{_SVG}title", "")
            drawn.setdefault(title, []).append(any(True for _ in group.iter(f"{_SVG}text")))
    left_out = []
    for edge in diagram.edges:
        flags = drawn.get(f"{edge.source}->{edge.target}", [])
        has_text = flags.pop(0) if flags else False
        if edge.label and edge not in diagram.listed and not has_text:
            left_out.append(edge)
    return tuple(left_out)


def _escape(text: str) -> str:
    return html.escape(text, quote=True)


# --- public API ------------------------------------------------------------------------

_SVG = "{http://www.w3.org/2000/svg}"
_ICON_HREF = re.compile(r'xlink:href="([^"]+\.png)"')


@functools.lru_cache(maxsize=64)
def diagram_dot(model: ArchitectureModel, *, title: str = "") -> str:
    """Portable DOT source (shapes and colours, no icon file paths)."""
    return _digraph(build_diagram(model, title=title), icons=False).source


@functools.lru_cache(maxsize=64)
def diagram_svg(model: ArchitectureModel, *, title: str = "", layout: str = "wide") -> str:
    """SVG text with the icons embedded as data URIs (no external references).

    layout "wide" (the default) flows left to right at natural size (the downloads);
    "compact" flows top to bottom and fits a landscape page with readable text: the PDF
    report and the result page, where the whole design shows without scrolling."""
    diagram = build_diagram(model, title=title, layout=layout)
    if layout == "compact":
        _drawn, svg = compact_drawing(diagram)
    else:
        svg = _digraph(diagram, icons=True, layout=layout).pipe(format="svg", encoding="utf-8")
    return _ICON_HREF.sub(lambda match: f'xlink:href="{icon_data_uri(match[1])}"', svg)


@functools.lru_cache(maxsize=64)
def diagram_png(model: ArchitectureModel, *, title: str = "") -> bytes:
    graph = _digraph(build_diagram(model, title=title), icons=True, dpi=PNG_DPI)
    return graph.pipe(format="png")


def diagram_bytes(model: ArchitectureModel, fmt: str, *, title: str = "") -> bytes:
    """The diagram in one of FORMATS (svg, png, dot), as the bytes of a file."""
    if fmt == "png":
        return diagram_png(model, title=title)
    if fmt == "svg":
        return diagram_svg(model, title=title).encode("utf-8")
    if fmt == "dot":
        return diagram_dot(model, title=title).encode("utf-8")
    raise ValueError(f"cannot draw a diagram as {fmt!r}; allowed: {', '.join(FORMATS)}")


def write_diagram(model: ArchitectureModel, path: Path, *, title: str = "") -> None:
    """Write the diagram as SVG, PNG or DOT, chosen by the file's extension."""
    extension = path.suffix.lower().lstrip(".")
    if extension not in FORMATS:
        allowed = ", ".join(f".{name}" for name in FORMATS)
        raise ValueError(
            f"cannot write a diagram as {path.suffix or path.name!r}; allowed: {allowed}"
        )
    path.write_bytes(diagram_bytes(model, extension, title=title))
