"""My assessments: list and search, the result page, revisions, edit, duplicate, delete,
compare. Every view looks the assessment up by owner, so anyone else gets 404."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers

from advisor.engine.numbers import format_rps
from advisor.forms import WorkloadForm
from advisor.htmx import HtmxHttpRequest
from advisor.models import AssessmentRevision
from advisor.questionnaire import InvalidAnswersError
from advisor.questionnaire_layout import form_data
from advisor.render.comparison import (
    ANSWER_LABELS,
    SideBySide,
    answer_text,
    compared_inputs,
    design_difference,
    line_item_rows,
    reason_rows,
)
from advisor.render.result import cost_options
from advisor.selectors import (
    RevisionNotEvaluableError,
    assessment_get,
    assessment_list,
    assessment_rows,
    revision_evaluate,
    revision_get,
    revision_get_by_id,
    share_link_list,
)
from advisor.services import (
    assessment_delete,
    assessment_duplicate,
    assessment_revise,
)
from advisor.views.common import PENDING_ANSWERS_KEY, questionnaire_context
from advisor.views.result import result_response


@require_GET
@login_required
@vary_on_headers("HX-Request")
def assessment_list_view(request: HtmxHttpRequest) -> HttpResponse:
    search = request.GET.get("q", "")
    context = {
        "assessments": assessment_rows(assessment_list(owner=request.user, search=search)),
        "q": search,
        "pending_answers": PENDING_ANSWERS_KEY in request.session,
    }
    if request.htmx:
        return render(request, "advisor/assessment_list.html#assessment_rows", context)
    return render(request, "advisor/assessment_list.html", context)


@require_GET
@login_required
def assessment_detail(request: HtmxHttpRequest, id: int, number: int | None = None) -> HttpResponse:
    assessment = assessment_get(id=id, owner=request.user)
    revision = revision_get(assessment=assessment, number=number)
    extra = {
        "is_owner": True,
        "revisions": assessment.revisions.order_by("-number"),
        "share_links": share_link_list(assessment=assessment),
    }
    return result_response(request, assessment, revision, extra)


@require_http_methods(["GET", "POST"])
@login_required
def assessment_edit(request: HtmxHttpRequest, id: int) -> HttpResponse:
    """The questionnaire filled with the latest answers; saving adds a revision."""
    assessment = assessment_get(id=id, owner=request.user)
    if request.method == "GET":
        form = WorkloadForm(data=revision_get(assessment=assessment).answers)
    else:
        form = WorkloadForm(data=form_data(request.POST))
    if request.method == "POST" and form.is_valid():
        revision = assessment_revise(assessment=assessment, answers=form.workload().as_dict())
        messages.success(request, f"Saved revision {revision.number} of “{assessment.name}”.")
        return redirect("assessment_detail", id=assessment.pk)
    save_url = reverse("assessment_edit", args=[assessment.pk])
    context = questionnaire_context(form, save_url=save_url, editing=assessment)
    status = 400 if request.method == "POST" else 200
    return render(request, "advisor/questionnaire.html", context, status=status)


@require_POST
@login_required
def assessment_duplicate_view(request: HtmxHttpRequest, id: int) -> HttpResponse:
    assessment = assessment_get(id=id, owner=request.user)
    answers = revision_get(assessment=assessment).answers
    try:
        copy = assessment_duplicate(assessment=assessment, answers=answers)
    except InvalidAnswersError:  # saved before a rule existed: its page says which and why
        messages.error(request, "These answers no longer pass the questionnaire; edit them first.")
        return redirect("assessment_detail", id=assessment.pk)
    messages.success(request, f"Made “{copy.name}”. Edit it to try another scenario.")
    return redirect("assessment_detail", id=copy.pk)


@require_http_methods(["GET", "POST"])
@login_required
def assessment_delete_view(request: HtmxHttpRequest, id: int) -> HttpResponse:
    """GET asks for confirmation; only the POST from that page deletes."""
    assessment = assessment_get(id=id, owner=request.user)
    if request.method == "GET":
        return render(request, "advisor/assessment_confirm_delete.html", {"assessment": assessment})
    name = assessment.name
    assessment_delete(assessment=assessment)
    messages.success(request, f"Deleted “{name}” and all its revisions.")
    return redirect("assessment_list")


def _compared_side(revision: AssessmentRevision) -> dict[str, object]:
    workload, result = revision_evaluate(revision)
    return {
        "revision": revision,
        "workload": workload,
        "result": result,
        "options": cost_options(result, workload, compared_only=True),
    }


@require_GET
@login_required
def compare(request: HtmxHttpRequest) -> HttpResponse:
    """Two revisions side by side (any of the owner's assessments or revisions)."""
    choices = AssessmentRevision.objects.filter(assessment__owner=request.user).select_related(
        "assessment"
    )
    context: dict[str, object] = {"choices": choices.order_by("assessment__name", "-number")}
    left_id, right_id = request.GET.get("left", ""), request.GET.get("right", "")
    if left_id.isdigit() and right_id.isdigit():
        left = revision_get_by_id(id=int(left_id), owner=request.user)
        right = revision_get_by_id(id=int(right_id), owner=request.user)
        try:
            context |= _compared(_compared_side(left), _compared_side(right))
        except RevisionNotEvaluableError as exc:
            context["problem"] = exc
    return render(request, "advisor/compare.html", context)


def _compared(left: dict[str, Any], right: dict[str, Any]) -> dict[str, object]:
    cost_rows = list(zip(left["options"], right["options"], strict=True))
    lresult, rresult = left["result"], right["result"]
    return {
        "left": left,
        "right": right,
        "cost_rows": cost_rows,
        "break_even": SideBySide(
            "Break-even average rate (requests per second)",
            _break_even_text(lresult),
            _break_even_text(rresult),
        ),
        "reasons": reason_rows(lresult.verdict.reasons, rresult.verdict.reasons),
        "line_items": [
            (lo.label, line_item_rows(lo.own_items, ro.own_items)) for lo, ro in cost_rows
        ],
        "design": design_difference(lresult.architecture, rresult.architecture),
        "inputs": [
            SideBySide(
                f"{i.label} ({i.unit})" if i.unit else i.label,
                answer_text(i.name, i.left),
                answer_text(i.name, i.right),
            )
            for i in compared_inputs(left["workload"], right["workload"], labels=ANSWER_LABELS)
        ],
    }


def _break_even_text(result: Any) -> str:
    rate = result.costs.break_even_avg_rps
    return format_rps(rate) if rate is not None else "None in the charted range"
