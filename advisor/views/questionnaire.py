"""The questionnaire with its live verdict, the live diagram, and saving a new assessment."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers

from advisor.forms import WorkloadForm
from advisor.htmx import HtmxHttpRequest
from advisor.questionnaire_layout import form_data
from advisor.selectors import preset_answers
from advisor.services import assessment_create
from advisor.views.common import PENDING_ANSWERS_KEY, posted_answers, questionnaire_context

TEMPLATE = "advisor/questionnaire.html"


def _initial_form(request: HtmxHttpRequest) -> WorkloadForm:
    """A preset's answers, answers kept while the visitor logged in, or an empty form."""
    slug = request.GET.get("preset")
    if slug:
        answers = preset_answers(slug)
        if answers is None:
            raise Http404("No such preset.")
        return WorkloadForm(data=answers)
    pending = request.session.pop(PENDING_ANSWERS_KEY, None)
    if pending is not None:
        messages.info(request, "Your answers are back. Press “Save assessment” to keep them.")
        return WorkloadForm(data=form_data(QueryDict(pending)))
    return WorkloadForm()


@require_http_methods(["GET", "POST"])
@vary_on_headers("HX-Request")
def questionnaire(request: HtmxHttpRequest) -> HttpResponse:
    """GET: the form. POST: the verdict for the answers — the live panel for htmx, the whole
    page re-rendered for a browser without JavaScript."""
    if request.method == "GET":
        form = _initial_form(request)
    else:
        form = WorkloadForm(data=form_data(request.POST))
    context = questionnaire_context(form, save_url=reverse("questionnaire_save"))
    if request.htmx:
        return render(request, f"{TEMPLATE}#live_update", context)
    return render(request, TEMPLATE, context)


@require_POST
def questionnaire_save(request: HtmxHttpRequest) -> HttpResponse:
    """Save as a new assessment; a visitor is asked to log in and keeps the answers."""
    if not request.user.is_authenticated:
        request.session[PENDING_ANSWERS_KEY] = posted_answers(request).urlencode()
        return redirect_to_login(reverse("questionnaire"))
    form = WorkloadForm(data=form_data(request.POST))
    if not form.is_valid():
        context = questionnaire_context(form, save_url=reverse("questionnaire_save"))
        return render(request, TEMPLATE, context, status=400)
    assessment = assessment_create(owner=request.user, answers=form.workload().as_dict())
    messages.success(request, f"Saved “{assessment.name}”.")
    return redirect("assessment_detail", id=assessment.pk)
