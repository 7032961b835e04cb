"""Pictures served from their own addresses (advisor/pictures.py): a saved revision's for its
owner or a share link's holder, and the live panel's diagram for anyone.

Who may read the page is checked first, then that the address was issued for that page;
only then does the picture come out of the shared cache (or get drawn into it). The
address names the drawing, so the answer never changes: a browser keeps it, and asks
again (If-None-Match) only once its copy is stale.
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, HttpResponseBase
from django.utils.cache import get_conditional_response
from django.views.decorators.http import require_GET

from advisor.forms import WorkloadForm
from advisor.htmx import HtmxHttpRequest
from advisor.models import AssessmentRevision
from advisor.pictures import (
    LIVE_SCOPE,
    Inputs,
    picture_address_check,
    picture_svg,
    revision_scope,
)
from advisor.questionnaire_layout import form_data
from advisor.selectors import (
    RevisionNotEvaluableError,
    assessment_evaluate,
    assessment_get,
    revision_evaluate,
    revision_get,
    share_link_get,
    share_link_revision,
)

YEAR_S = 365 * 24 * 3600
# A saved assessment's pictures are for its owner alone: browsers keep them, shared caches
# (proxies) do not. A share link's may be kept by proxies too, but only for an hour, so a
# revoked link stops working there as well; after that they ask again and get a 304.
OWNER_CACHE_CONTROL = f"private, max-age={YEAR_S}, immutable"
SHARED_CACHE_CONTROL = "public, max-age=3600"
# The live panel draws whatever answers it is given: nothing in it is anyone's secret.
LIVE_CACHE_CONTROL = f"public, max-age={YEAR_S}, immutable"


def _picture_response(
    request: HtmxHttpRequest,
    address: str,
    *,
    scope: str,
    inputs: Callable[[], Inputs],
    cache_control: str,
) -> HttpResponseBase:
    checked = picture_address_check(address, scope=scope)
    if checked is None:
        raise Http404("No such picture.")
    kind, key = checked
    etag = f'"{key}"'
    not_modified = get_conditional_response(request, etag=etag)
    if not_modified is None:
        svg = picture_svg(kind=kind, key=key, inputs=inputs)
        if svg is None:  # drawn from answers or knowledge the page no longer has
            raise Http404("This picture has changed; reload the page.")
        response: HttpResponseBase = HttpResponse(svg, content_type="image/svg+xml")
    else:
        response = not_modified
    response["ETag"] = etag
    response["Cache-Control"] = cache_control
    return response


def _revision_picture(
    request: HtmxHttpRequest, revision: AssessmentRevision, address: str, cache_control: str
) -> HttpResponseBase:
    """A saved revision's picture, for a visitor already allowed to read the revision."""

    def inputs() -> Inputs:
        try:
            return revision_evaluate(revision)
        except RevisionNotEvaluableError:  # an address issued before the answers broke
            raise Http404("This picture can no longer be drawn; reload the page.") from None

    scope = revision_scope(revision)
    return _picture_response(
        request, address, scope=scope, inputs=inputs, cache_control=cache_control
    )


@require_GET
@login_required
def assessment_picture(
    request: HtmxHttpRequest, id: int, number: int, address: str
) -> HttpResponseBase:
    revision = revision_get(assessment=assessment_get(id=id, owner=request.user), number=number)
    return _revision_picture(request, revision, address, OWNER_CACHE_CONTROL)


@require_GET
def shared_picture(request: HtmxHttpRequest, token: str, address: str) -> HttpResponseBase:
    revision = share_link_revision(link=share_link_get(token=token))
    return _revision_picture(request, revision, address, SHARED_CACHE_CONTROL)


def _live_inputs(request: HtmxHttpRequest) -> Inputs:
    form = WorkloadForm(data=form_data(request.GET))
    if not form.is_valid():
        raise Http404("The answers are incomplete.")
    workload = form.workload()
    return workload, assessment_evaluate(workload)


@require_GET
def live_picture(request: HtmxHttpRequest, address: str) -> HttpResponseBase:
    """The live panel's picture; its answers ride in the query string, read only when no
    process has drawn it yet."""
    return _picture_response(
        request,
        address,
        scope=LIVE_SCOPE,
        inputs=lambda: _live_inputs(request),
        cache_control=LIVE_CACHE_CONTROL,
    )
