"""The start page."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from advisor.render.result import preset_summary
from advisor.selectors import presets


@require_GET
def start(request: HttpRequest) -> HttpResponse:
    summaries = [preset_summary(p.slug, p.workload, p.result) for p in presets()]
    return render(request, "advisor/start.html", {"presets": summaries})
