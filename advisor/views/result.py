"""The result page's content, shared by the owner's view and the read-only share link."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.safestring import mark_safe

from advisor.models import Assessment, AssessmentRevision
from advisor.render.charts import break_even_chart_svg, cost_breakdown_chart_svg
from advisor.render.diagram import diagram_svg
from advisor.render.reasoning import design_choice_rows, score_steps
from advisor.selectors import (
    RevisionNotEvaluableError,
    cost_options,
    recommendation_groups,
    revision_evaluate,
)


def result_response(
    request: HttpRequest,
    assessment: Assessment,
    revision: AssessmentRevision,
    extra: dict[str, Any],
) -> HttpResponse:
    """The result page; for saved answers that can no longer be evaluated, a page that says
    why, field by field (the owner can edit them from there)."""
    try:
        context = result_context(assessment, revision)
    except RevisionNotEvaluableError as exc:
        context = {"assessment": assessment, "revision": revision, "problem": exc}
        return render(request, "advisor/result_unavailable.html", context | extra)
    return render(request, "advisor/result.html", context | extra)


def result_context(assessment: Assessment, revision: AssessmentRevision) -> dict[str, Any]:
    workload, result = revision_evaluate(revision)
    return {
        "assessment": assessment,
        "revision": revision,
        "workload": workload,
        "result": result,
        "options": cost_options(result, workload),
        "recommendation_groups": recommendation_groups(result),
        "score_steps": score_steps(result.verdict),
        "design_choices": design_choice_rows(result.design),
        "offloaded_parts": [
            part.value.replace("_", " ") for part in result.verdict.offloaded_parts
        ],
        # Our own renderers' SVG (graphviz, matplotlib): trusted markup, drawn from our data.
        # The compact layout shows the whole design in the column; the downloads are wide.
        "diagram_svg": mark_safe(diagram_svg(result.architecture, layout="compact")),  # noqa: S308
        "break_even_svg": mark_safe(break_even_chart_svg(workload, result.costs)),  # noqa: S308
        "breakdown_svg": mark_safe(cost_breakdown_chart_svg(result.costs)),  # noqa: S308
        "diagram_formats": ("svg", "png", "dot"),
    }
