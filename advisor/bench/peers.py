"""The peers `make bench` measures beside our own figures, on the same work in the same run.

- `diagrams` (the package we take our icons from) drawing the same architecture: the same
  components in the same clusters with the same icons and edge labels, as SVG. It links its
  icons by file path; ours are embedded, so the SVG stands alone in a page, a PDF or a zip.
- copier rendering a template of as many Jinja files as our starter repo has.
- WeasyPrint alone on a plain document (text, no pictures) with as many pages as our report.
"""

from __future__ import annotations

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


# --- diagrams -----------------------------------------------------------------------------


def diagrams_peer_ms(model: ArchitectureModel, *, title: str) -> float:
    """The `diagrams` package drawing `model` as the result page shows it (roles folded into
    one node, the same clusters, icons and edge labels) to an SVG file."""
    with tempfile.TemporaryDirectory() as folder:
        return median_ms(lambda: _draw_with_diagrams(model, title, Path(folder) / "peer"))


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


def copier_peer_ms(*, files: int) -> float | None:
    """copier rendering a local template of `files` Jinja files into a new folder; None when
    copier (a bench-only dependency: `make bench` installs it) is not installed."""
    try:
        from copier import run_copy
    except ImportError:
        return None
    with tempfile.TemporaryDirectory() as folder:
        template = Path(folder) / "template"
        for index in range(files):
            path = template / f"dir{index % 8}" / f"file{index}.md.jinja"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(_COPIER_FILE.replace("{{ index }}", str(index)), encoding="utf-8")
        (template / "copier.yml").write_text(_COPIER_QUESTIONS, encoding="utf-8")
        runs = iter(range(PEER_RUNS + 1))

        def render() -> None:
            destination = Path(folder) / f"out{next(runs)}"
            run_copy(str(template), str(destination), defaults=True, quiet=True)

        return median_ms(render)


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
