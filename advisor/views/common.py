"""What the views share: the htmx-aware request type and the questionnaire's page context."""

from __future__ import annotations

import functools
from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest, QueryDict
from django.urls import reverse

from advisor.engine.results import Assessment as EngineAssessment
from advisor.engine.workload import Workload
from advisor.forms import WorkloadForm
from advisor.pictures import LIVE_SCOPE, picture_kept, pictures_for
from advisor.questionnaire_layout import (
    ASSUMPTION_PREFIX,
    assumption_rows,
    error_slots,
    field_row,
    sections,
)
from advisor.render.questions import WORKLOAD_NAME
from advisor.render.result import cost_options, top_reasons
from advisor.selectors import live_evaluate, presets

PENDING_ANSWERS_KEY = "pending_answers"  # session: answers kept while the visitor logs in


def answers_query(answers: dict[str, Any]) -> str:
    """Answers (a form's data) as a query string the questionnaire's POST shape would send."""
    pairs: list[tuple[str, str]] = []
    for name, value in answers.items():
        if name == "assumptions" and isinstance(value, dict):
            pairs += [(f"{ASSUMPTION_PREFIX}{k}", str(v)) for k, v in value.items()]
        elif isinstance(value, list | tuple):
            pairs += [(name, str(item)) for item in value]
        elif isinstance(value, bool):
            pairs.append((name, "true" if value else "false"))
        elif value is not None:
            pairs.append((name, str(value)))
    return urlencode(pairs)


def live_diagram_url(workload: Workload, result: EngineAssessment) -> str:
    """The live panel's diagram: its own address, with the answers to draw it from while no
    process has drawn it. Once drawn, the bare address: every keystroke that keeps the
    drawing then keeps the URL, so the browser shows its copy instead of asking again. (A
    drawing the cache drops between this answer and the browser's request is a missing
    picture until the next keystroke, which sends the answers again.)"""
    pictures = pictures_for(workload=workload, result=result, scope=LIVE_SCOPE, kinds=("diagram",))
    picture = pictures["diagram"]
    address = reverse("live_picture", args=[picture.address])
    if picture_kept(picture.key):
        return address
    return f"{address}?{answers_query(workload.as_dict())}"


def posted_answers(request: HttpRequest) -> QueryDict:
    answers = request.POST.copy()
    answers.pop("csrfmiddlewaretoken", None)
    return answers


def questionnaire_context(form: WorkloadForm, **extra: Any) -> dict[str, Any]:
    """The questionnaire page and its live panel: fields by section and, when the answers
    are valid, the engine's verdict, costs and the diagram's address."""
    context: dict[str, Any] = {
        "form": form,
        "name_row": functools.cache(lambda: field_row(form, WORKLOAD_NAME.name)),
        # Called by the template where used: the live panel reads only the error slots.
        "sections": functools.cache(lambda: sections(form)),
        "error_slots": functools.cache(lambda: error_slots(form, WORKLOAD_NAME.name)),
        # Callables are evaluated by the template only where used: the live panel never is.
        "assumption_rows": functools.partial(assumption_rows, form),
        "presets": presets(),  # their slugs and names
        "result": None,
        **extra,
    }
    if form.is_bound and form.is_valid():
        workload = form.workload()
        result = live_evaluate(workload)
        context |= {
            "workload": workload,
            "result": result,
            "reasons": top_reasons(result),
            "options": cost_options(result, workload, compared_only=True),
            "diagram_url": live_diagram_url(workload, result),
        }
    return context
