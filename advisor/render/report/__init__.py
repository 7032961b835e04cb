"""The PDF decision report for architects: a Django template with print CSS, rendered by
WeasyPrint (https://doc.courtbouillon.org/weasyprint/stable/).

report_html(...) -> str     the report as one HTML page (for debugging and the tests)
report_pdf(...)  -> bytes   the same page typeset as a PDF (A4 or US Letter)

Everything the template shows is prepared here as plain strings and small dicts, so the
template only lays it out. The date is passed in: same inputs, same report.
"""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path
from typing import Any

from django.template.loader import render_to_string

from advisor.engine.costs import pricing_catalog
from advisor.engine.results import Assessment
from advisor.engine.rules import rulebook
from advisor.engine.rules.categories import rule_category
from advisor.engine.workload import Workload
from advisor.render.charts import break_even_chart_svg, cost_breakdown_chart_svg
from advisor.render.diagram import diagram_svg
from advisor.render.reasoning import design_choice_rows, score_steps, what_would_change
from advisor.render.report.architecture import (
    function_rows,
    operations_checklist,
    security_checklist,
)
from advisor.render.report.costs import (
    assumption_effects,
    assumption_sources,
    break_even_text,
    compared_headings,
    option_rows,
    pricing_sources,
    sensitivity_rows,
    shared_rows,
)
from advisor.render.report.formatting import css_string, number, svg_data_uri, usd
from advisor.render.report.verdict import (
    answer_rows,
    hard_limits,
    risks,
    rule_row,
    summary_section,
)

__all__ = ["SECTIONS", "report_context", "report_html", "report_pdf", "usd"]

TEMPLATE = "reports/decision_report.html"
TEMPLATES_DIR = Path(__file__).resolve().parents[3] / "templates" / "reports"
# The CSS `@page { size }` keywords (CSS Paged Media 3, "page-size"); which of them the
# product offers, and under what names, is the PDF exporter's (advisor/exports/pdf_report.py).
CSS_PAGE_SIZES = frozenset(
    {"A5", "A4", "A3", "B5", "B4", "JIS-B5", "JIS-B4", "letter", "legal", "ledger"}
)
AUTHOR = "Serverless Architecture Advisor"
# WeasyPrint reports each step ("Step 4 - Creating layout - Page 3") at INFO, even while
# importing; the project's root logger would print all of it to whoever runs the command.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

SECTIONS = (
    ("summary", "Executive summary"),
    ("workload", "The workload"),
    ("rationale", "Decision rationale"),
    ("costs", "Costs"),
    ("architecture", "Architecture"),
    ("checklists", "Security and operations checklists"),
    ("risks", "Risks and open questions"),
    ("appendix", "Appendix: sources and versions"),
)


def report_html(
    *, workload: Workload, assessment: Assessment, page_size: str = "A4", generated_on: dt.date
) -> str:
    """The report as one HTML document with its print CSS inline."""
    return _html(
        workload=workload,
        assessment=assessment,
        page_size=page_size,
        generated_on=generated_on,
        inline_stylesheet=True,
    )


def _html(
    *,
    workload: Workload,
    assessment: Assessment,
    page_size: str,
    generated_on: dt.date,
    inline_stylesheet: bool,
) -> str:
    if page_size not in CSS_PAGE_SIZES:
        raise ValueError(f"page_size must be a CSS page size keyword, not {page_size!r}")
    context = report_context(workload=workload, assessment=assessment, generated_on=generated_on)
    return render_to_string(
        TEMPLATE, {**context, "page_size": page_size, "inline_stylesheet": inline_stylesheet}
    )


def report_pdf(
    *, workload: Workload, assessment: Assessment, page_size: str = "A4", generated_on: dt.date
) -> bytes:
    """The report typeset as a PDF: fonts embedded, outline per section, metadata set."""
    # Imported here: WeasyPrint takes ~0.5 s to import, and only PDF paths need it.
    from advisor.render.report import svg_text, typesetting

    svg_text.install()  # the pictures' text drawn run by run, not letter by letter
    html = _html(
        workload=workload,
        assessment=assessment,
        page_size=page_size,
        generated_on=generated_on,
        # report.css comes already parsed, once per process (typesetting.py)
        inline_stylesheet=False,
    )
    return typesetting.write_pdf(html, base_url=str(TEMPLATES_DIR))


def report_context(
    *, workload: Workload, assessment: Assessment, generated_on: dt.date
) -> dict[str, Any]:
    verdict, costs, model = assessment.verdict, assessment.costs, assessment.architecture
    fired = verdict.reasons + verdict.recommendations
    effects = assumption_effects(workload, assessment)
    return {
        "workload": workload,
        "verdict": verdict,
        "fit_label": verdict.fit.label,
        "fit_class": verdict.fit.value.replace("_", "-"),
        "generated_on": generated_on.isoformat(),
        "footer_css": css_string(
            f"Generated {generated_on.isoformat()} · {assessment.knowledge_version}"
        ),
        "author": AUTHOR,
        "knowledge_version": assessment.knowledge_version,
        "rules_version": rulebook().version,
        "prices_as_of": pricing_catalog().as_of,
        "sections": SECTIONS,
        "summary": summary_section(workload, assessment),
        "answers": answer_rows(workload),
        "reasons": [rule_row(hit) for hit in verdict.reasons],
        # Data, event and workflow advice is shown once, with the architecture.
        "advice_rules": [
            rule_row(hit)
            for hit in verdict.recommendations
            if not rule_category(hit.category).design
        ],
        "limits": hard_limits(workload, assessment),
        "thresholds": what_would_change(workload, assessment),
        "options": option_rows(workload, assessment),
        "shared": shared_rows(assessment),
        "score_steps": score_steps(verdict),
        "design_choices": design_choice_rows(assessment.design),
        "break_even": break_even_text(workload, assessment),
        "assumption_effects": effects,
        # The rest hold for every design; listed in one paragraph so none is hidden.
        "inert_assumptions": [
            f"{a.name} = {number(a.value)} {a.unit}{' *' if a.overridden else ''}"
            for a in costs.assumptions
            if a.name not in {effect["name"] for effect in effects}
        ],
        "break_even_chart": svg_data_uri(break_even_chart_svg(workload, costs)),
        "breakdown_chart": svg_data_uri(cost_breakdown_chart_svg(costs)),
        "sensitivity": sensitivity_rows(workload, assessment),
        "compared_headings": compared_headings(),
        "cost_advice": costs.advice,
        # The compact top-to-bottom variant: the wide one prints its text at 3-4 pt.
        "diagram": svg_data_uri(diagram_svg(model, layout="compact")),
        "functions": function_rows(model),
        "offloaded": [c for c in model.components if c.offloaded],
        "design_rules": [rule_row(hit) for hit in fired if rule_category(hit.category).design],
        "security_checklist": security_checklist(workload, model),
        "operations_checklist": operations_checklist(workload, model),
        "risks": risks(workload, assessment, effects),
        "pricing_sources": pricing_sources(workload, assessment),
        "assumption_sources": assumption_sources(assessment),
    }
