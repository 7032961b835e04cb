"""The PDF decision report: paper sizes live here, and only here."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from advisor.engine.results import Assessment
from advisor.engine.workload import Workload
from advisor.exports.base import Choice, Exporter, ExportOption

# Paper key -> (what a person reads, the CSS `@page { size }` value the report is laid on).
PAPER_SIZES: dict[str, tuple[str, str]] = {
    "a4": ("A4 paper", "A4"),
    "letter": ("US Letter paper", "letter"),
}


def _papers() -> tuple[Choice, ...]:
    return tuple(Choice(key, label) for key, (label, _css) in PAPER_SIZES.items())


def _render(
    *, workload: Workload, assessment: Assessment, options: Mapping[str, str], generated_on: dt.date
) -> bytes:
    # Imported here: WeasyPrint takes ~0.5 s to import, and only the worker needs it.
    from advisor.render.report import report_pdf

    return report_pdf(
        workload=workload,
        assessment=assessment,
        page_size=PAPER_SIZES[options["paper"]][1],
        generated_on=generated_on,
    )


EXPORTER = Exporter(
    key="pdf",
    label="PDF decision report",
    noun="the PDF report",
    extension="pdf",
    content_type="application/pdf",
    file_label="report-{paper}",
    render=_render,
    options=(ExportOption("paper", "on", _papers, help="paper of --pdf"),),
    cli_help="also write the decision report for architects",
)
