"""The result page's content, shared by the owner's view and the read-only share link."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from advisor.engine.results import Assessment as EngineAssessment
from advisor.engine.workload import Workload
from advisor.models import Assessment, AssessmentRevision, ShareLink
from advisor.pictures import pictures_for, revision_scope, shared_changes
from advisor.render.charts import BREAK_EVEN_SIZE_PT, cost_breakdown_chart_size
from advisor.render.reasoning import design_choice_rows, score_steps
from advisor.render.result import cost_options, recommendation_groups
from advisor.selectors import RevisionNotEvaluableError, revision_evaluate


def result_response(
    request: HttpRequest,
    assessment: Assessment,
    revision: AssessmentRevision,
    extra: dict[str, Any],
) -> HttpResponse:
    """The result page; for saved answers that can no longer be evaluated, a page that says
    why, field by field (the owner can edit them from there). A share link's page comes
    with `extra["share"]`, which addresses its pictures for the link's routes."""
    try:
        context = result_context(assessment, revision, share=extra.get("share"))
    except RevisionNotEvaluableError as exc:
        context = {"assessment": assessment, "revision": revision, "problem": exc}
        return render(request, "advisor/result_unavailable.html", context | extra)
    return render(request, "advisor/result.html", context | extra)


def result_context(
    assessment: Assessment, revision: AssessmentRevision, *, share: ShareLink | None = None
) -> dict[str, Any]:
    """What the result page shows; its pictures are addressed for the owner's routes, or
    the share link's when `share` is given."""
    workload, result = revision_evaluate(revision)
    options = cost_options(result, workload)
    return {
        "assessment": assessment,
        "revision": revision,
        "workload": workload,
        "result": result,
        "options": options,
        "compared_options": [option for option in options if option.compared],
        "recommendation_groups": recommendation_groups(result),
        "score_steps": score_steps(result.verdict),
        "design_choices": design_choice_rows(result.design),
        "changes": shared_changes(workload),
        "offloaded_parts": [
            part.value.replace("_", " ") for part in result.verdict.offloaded_parts
        ],
        # Drawn once for every process and loaded after the page (lazy <img>): the page
        # itself never waits for graphviz or the charts.
        "pictures": _picture_urls(assessment, revision, workload, result, share),
        "break_even_size": BREAK_EVEN_SIZE_PT,
        "breakdown_size": cost_breakdown_chart_size(result.costs),
        "diagram_formats": ("svg", "png", "dot"),
    }


def _picture_urls(
    assessment: Assessment,
    revision: AssessmentRevision,
    workload: Workload,
    result: EngineAssessment,
    share: ShareLink | None,
) -> dict[str, str]:
    """Each picture's URL by kind, with "-" read as "_" so templates can name them."""
    pictures = pictures_for(workload=workload, result=result, scope=revision_scope(revision))
    urls = {}
    for kind, picture in pictures.items():
        if share is not None:
            url = reverse("shared_picture", args=[share.token, picture.address])
        else:
            url = reverse(
                "assessment_picture", args=[assessment.pk, revision.number, picture.address]
            )
        urls[kind.replace("-", "_")] = url
    return urls
