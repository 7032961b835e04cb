"""Read-only share links: the owner creates and revokes them; anyone with one reads the result."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from advisor.htmx import HtmxHttpRequest
from advisor.selectors import (
    assessment_get,
    revision_get,
    share_link_get,
    share_link_get_for_owner,
    share_link_revision,
    share_link_was_revoked,
)
from advisor.services import share_link_create, share_link_revoke
from advisor.views.result import result_response


@require_POST
@login_required
def share_link_create_view(request: HtmxHttpRequest, id: int) -> HttpResponse:
    """A link to the latest revision, or with `revision` (a number) to that revision only."""
    assessment = assessment_get(id=id, owner=request.user)
    number = request.POST.get("revision", "")
    revision = None
    if number.isdigit():
        revision = revision_get(assessment=assessment, number=int(number))
    share_link_create(assessment=assessment, revision=revision)
    opens = f"revision {revision.number}" if revision else "the latest revision"
    messages.success(request, f"Made a read-only link to {opens}. Anyone who has it can read it.")
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
    """The revision the link opens (its own, or the latest), read-only, for its holder."""
    if share_link_was_revoked(token=token):
        # Not the 404 page's "…or it belongs to another account": the holder had a link.
        return render(request, "advisor/share_link_revoked.html", status=410)
    link = share_link_get(token=token)
    revision = share_link_revision(link=link)
    return result_response(request, link.assessment, revision, {"is_owner": False, "share": link})
