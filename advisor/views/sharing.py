"""Read-only share links: the owner creates and revokes them; anyone with one reads the result."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from advisor.selectors import (
    assessment_get,
    revision_get,
    share_link_get,
    share_link_get_for_owner,
)
from advisor.services import share_link_create, share_link_revoke
from advisor.views.common import HtmxHttpRequest
from advisor.views.result import result_response


@require_POST
@login_required
def share_link_create_view(request: HtmxHttpRequest, id: int) -> HttpResponse:
    assessment = assessment_get(id=id, owner=request.user)
    share_link_create(assessment=assessment)
    messages.success(request, "Made a read-only link. Anyone who has it can read this result.")
    return redirect(reverse("assessment_detail", args=[assessment.pk]) + "#sharing")


@require_POST
@login_required
def share_link_revoke_view(request: HtmxHttpRequest, id: int, link_id: int) -> HttpResponse:
    assessment = assessment_get(id=id, owner=request.user)
    share_link_revoke(share_link=share_link_get_for_owner(id=link_id, assessment=assessment))
    messages.success(request, "Revoked the link; it no longer opens this result.")
    return redirect(reverse("assessment_detail", args=[assessment.pk]) + "#sharing")


@require_GET
def shared_result(request: HtmxHttpRequest, token: str) -> HttpResponse:
    """The latest revision, read-only, for someone holding an active link."""
    link = share_link_get(token=token)
    revision = revision_get(assessment=link.assessment)
    return result_response(request, link.assessment, revision, {"is_owner": False, "share": link})
