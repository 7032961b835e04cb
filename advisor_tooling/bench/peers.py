"""The peers `make bench` measures beside our own figures, on the same work in the same run.

- `diagrams` (the package we take our icons from) drawing the same architecture: the same
  components in the same clusters with the same icons and edge labels, as SVG. It links its
  icons by file path; ours are embedded, so the SVG stands alone in a page, a PDF or a zip.
- copier rendering a template of as many Jinja files as our starter repo has.
- WeasyPrint alone on a plain document (text, no pictures) with as many pages as our report.
"""

from __future__ import annotations

import itertools
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from advisor.engine.results import ArchitectureModel

PEER_RUNS = 5  # after one warm-up run each; the median is reported


def median_ms(run: Callable[[], object], *, runs: int = PEER_RUNS) -> float:
    """Median wall time of `runs` calls after one warm-up call."""
    run()
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        run()
        samples.append((time.perf_counter() - started) * 1000)
    return round(statistics.median(samples), 1)


def side_by_side_ms(
    ours: Callable[[], object], peer: Callable[[], object], *, runs: int = 2 * PEER_RUNS
) -> tuple[float, float]:
    """Median wall times of ours and the peer's, run in turns after one warm-up each, so a
    busy moment of a shared machine weighs on both alike."""
    ours(), peer()
    samples: tuple[list[float], list[float]] = ([], [])
    for _ in range(runs):
        for run, kept in ((ours, samples[0]), (peer, samples[1])):
            started = time.perf_counter()
            run()
            kept.append((time.perf_counter() - started) * 1000)
    return round(statistics.median(samples[0]), 1), round(statistics.median(samples[1]), 1)


# --- diagrams -----------------------------------------------------------------------------


def diagram_and_peer_ms(
    ours: Callable[[], object], model: ArchitectureModel, *, title: str
) -> tuple[float, float]:
    """`ours` beside the `diagrams` package drawing `model` as the result page shows it
    (roles folded into one node, the same clusters, icons and edge labels) to an SVG file."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "peer"
        return side_by_side_ms(ours, lambda: _draw_with_diagrams(model, title, path))


def _draw_with_diagrams(model: ArchitectureModel, title: str, path: Path) -> None:
    from diagrams import Cluster, Diagram, Edge
    from diagrams.custom import Custom

    from advisor.render.diagram import CLUSTERS, drawn_model
    from advisor.render.icons import icon_for, icon_root

    drawn = drawn_model(model)
    with Diagram(title, filename=str(path), outformat="svg", show=False):
        nodes = {}
        for cluster_id, (cluster_title, _, _) in CLUSTERS.items():
            members = [c for c in drawn.components if c.cluster == cluster_id]
            if not members:
                continue
            with Cluster(cluster_title):
                for component in members:
                    icon = icon_for(component) or "general/users.png"
                    nodes[component.id] = Custom(component.label, str(icon_root() / icon))
        for edge in drawn.edges:
            nodes[edge.source] >> Edge(label=edge.label) >> nodes[edge.target]


# --- copier -------------------------------------------------------------------------------

# One template file of the peer: as much Jinja as a typical file of ours (a loop, a
# condition and substitutions over a few hundred bytes of text).
_COPIER_FILE = """# {{ project_name }}: file {{ index }}

{% for name in functions %}- {{ name | upper }} runs {{ runtime }} with {{ memory_mb }} MB
{% endfor %}
{% if sensitive %}Data is encrypted with KMS.{% else %}No sensitive data.{% endif %}
Region: {{ region }}. {{ description }}
"""
_COPIER_QUESTIONS = """_templates_suffix: .jinja
project_name: {type: str, default: workload}
functions: {type: yaml, default: [api, worker, notifier]}
runtime: {type: str, default: python3.12}
memory_mb: {type: int, default: 512}
sensitive: {type: bool, default: true}
region: {type: str, default: us-east-1}
description: {type: str, default: A starter repo.}
"""


def scaffold_and_copier_ms(ours: Callable[[], object], *, files: int) -> tuple[float, float | None]:
    """`ours` beside copier rendering a local template of `files` Jinja files into a new
    folder; copier's figure is None when copier (a bench-only dependency: `make bench`
    installs it) is not installed."""
    try:
        from copier import run_copy
    except ImportError:
        return median_ms(ours), None
    with tempfile.TemporaryDirectory() as folder:
        template = Path(folder) / "template"
        for index in range(files):
            path = template / f"dir{index % 8}" / f"file{index}.md.jinja"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(_COPIER_FILE.replace("{{ index }}", str(index)), encoding="utf-8")
        (template / "copier.yml").write_text(_COPIER_QUESTIONS, encoding="utf-8")
        runs = itertools.count()

        def render() -> None:
            destination = Path(folder) / f"out{next(runs)}"
            run_copy(str(template), str(destination), defaults=True, quiet=True)

        return side_by_side_ms(ours, render)


# --- WeasyPrint -----------------------------------------------------------------------------


def pdf_page_count(pdf: bytes) -> int:
    import io

    from pypdf import PdfReader  # a test dependency, which `make install` installs

    return len(PdfReader(io.BytesIO(pdf)).pages)


def pdf_floor_ms(*, pages: int) -> float:
    """WeasyPrint alone: a plain A4 document of `pages` pages of text in the report's font,
    no pictures, no tables (the least any report of that length costs)."""
    from weasyprint import HTML

    paragraph = "<p>" + "Serverless fits this workload when the bill and the limits agree. " * 8
    page = f"<section><h1>Page</h1>{paragraph * 5}</p></section>"
    document = (
        "<html><head><style>@page { size: A4; margin: 2cm }"
        " body { font-family: 'DejaVu Sans'; font-size: 10pt }"
        " section { break-after: page }</style></head><body>"
        f"{page * pages}</body></html>"
    )
    return median_ms(lambda: HTML(string=document).write_pdf())
