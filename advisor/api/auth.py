"""Who is calling: an API token (`Authorization: Bearer <key>`), a logged-in browser
session, or, for a shared revision's exports only, a share link's token (`?token=`).

A session is checked against CSRF on writes, as the pages are; a bearer token is not (a
browser never sends it by itself). Requests with neither get 401, never a CSRF 403.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from ninja import Status
from ninja.errors import HttpError
from ninja.security import APIKeyCookie, APIKeyQuery, HttpBearer
from ninja.utils import check_csrf

from advisor.jobs.selectors import ExportAccess
from advisor.middleware import REASONS, rate_limit_wait_s, wait_words
from advisor.selectors import api_token_user, share_link_active
from advisor.services import api_token_hash


class BearerToken(HttpBearer):
    """`Authorization: Bearer <key>` with a key made on the "API tokens" page."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = api_token_user(key_sha256=api_token_hash(token))
        if user is not None:
            request.user = user
        return user


class Session(APIKeyCookie):
    """The site's own log-in; writes need the CSRF token (header X-CSRFToken), as forms do."""

    param_name = settings.SESSION_COOKIE_NAME

    def _get_key(self, request: HttpRequest) -> str | None:
        if not request.user.is_authenticated:
            return None  # nobody to protect: 401, not a CSRF complaint
        if check_csrf(request):
            raise HttpError(
                403,
                "CSRF check failed: send the csrftoken cookie's value as "
                "the X-CSRFToken header, or use a bearer token.",
            )
        return request.COOKIES.get(self.param_name)

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        return request.user if request.user.is_authenticated else None


class ShareToken(APIKeyQuery):
    """A share link's token: opens the exports of the one revision the link opens."""

    param_name = "token"

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        return share_link_active(token=key or "")


USER_AUTH = [BearerToken(), Session()]
EXPORT_AUTH = [*USER_AUTH, ShareToken()]


def export_access(request: HttpRequest) -> ExportAccess:
    """The same check as the export pages: the owner, or a share link's holder."""
    return ExportAccess(user=request.user, token=request.GET.get("token", ""))


def rate_limited(
    request: HttpRequest, response: HttpResponse, *, limit: str
) -> Status[dict[str, Any]] | None:
    """429 with the wait in words and in Retry-After once this caller is over `limit` (the
    pages' own counters, per user or else address); None while within it."""
    wait_s = rate_limit_wait_s(request, limit=limit, key="user_or_ip")
    if wait_s is None:
        return None
    response["Retry-After"] = str(wait_s)
    message = f"{REASONS[limit]} Try again in {wait_words(wait_s)}."
    return Status(429, {"errors": {"__all__": [message]}})
