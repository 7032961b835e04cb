"""The start page."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from advisor.selectors import preset_summaries


@require_GET
def start(request: HttpRequest) -> HttpResponse:
    return render(request, "advisor/start.html", {"presets": preset_summaries()})
