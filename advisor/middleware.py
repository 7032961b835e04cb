"""Request-pipeline security: the Permissions-Policy header, rate limits with their 429 page,
and the login lockout's backend and page (django-axes).

Why one middleware for the rate limits rather than a decorator per view: the login view is
Django's own (included from `django.contrib.auth.urls`), and a table in one place, read from
settings on every request, shows at a glance what is limited and lets tests change a rate.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django_ratelimit.core import get_usage

# URL name -> (limit in settings.ADVISOR_RATE_LIMITS, what to count by). POST only: showing a
# form is free, submitting it is what costs (an account, a password check, a build).
RATE_LIMITED_VIEWS: dict[str, tuple[str, str]] = {
    "signup": ("signup", "ip"),
    "login": ("login", "ip"),
    "jobs:export_create": ("export", "user_or_ip"),
    "jobs:export_retry": ("export", "user_or_ip"),
}


def client_ip(request: HttpRequest) -> str:
    """The client's address: REMOTE_ADDR, or the one the last trusted proxy saw.

    Only the trusted proxies' entries of X-Forwarded-For are believed; anything further left
    was written by the client and could be anything (a new address per try).
    """
    proxies = settings.ADVISOR_TRUSTED_PROXY_COUNT
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
    if proxies > 0 and len(hops) >= proxies:
        return hops[-proxies]
    return request.META.get("REMOTE_ADDR", "")


class PermissionsPolicyMiddleware:
    """Browser features this site never uses are switched off (Django has no setting)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", settings.ADVISOR_PERMISSIONS_POLICY)
        return response


class RateLimitMiddleware:
    """Answers 429 with a plain page once a client has posted to a limited view too often."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view: Callable[..., Any], args: Any, kwargs: Any
    ) -> HttpResponse | None:
        match = request.resolver_match
        limited = RATE_LIMITED_VIEWS.get(match.view_name) if match else None
        if limited is None or request.method != "POST":
            return None
        limit, key = limited
        wait_s = rate_limit_wait_s(request, limit=limit, key=key)
        if wait_s is None:
            return None
        return too_many_requests(request, retry_after_s=wait_s, reason=limit)


def rate_limit_wait_s(request: HttpRequest, *, limit: str, key: str) -> int | None:
    """Counts this request against `limit` (settings.ADVISOR_RATE_LIMITS); the seconds to wait
    when it is over, else None. The pages (above) and the API (which knows its user only
    once the bearer token is read) share the counters: one budget per user or address."""
    usage = get_usage(
        request,
        group=f"advisor.{limit}",
        key=key,
        rate=settings.ADVISOR_RATE_LIMITS[limit],
        method=request.method or "POST",
        increment=True,
    )
    if usage is None or not usage["should_limit"]:
        return None
    return max(1, int(usage["time_left"]))


REASONS = {
    "signup": "Too many accounts were created from your network.",
    "login": "Too many log-in attempts came from your network.",
    "export": "You asked for too many exports in a short time.",
    "lockout": "Too many failed log-ins for this username from your network.",
}


def too_many_requests(request: HttpRequest, *, retry_after_s: int, reason: str) -> HttpResponse:
    retry_after_s = max(1, int(retry_after_s))
    context = {"reason": REASONS[reason], "wait": wait_words(retry_after_s), "kind": reason}
    response = render(request, "429.html", context, status=429)
    response["Retry-After"] = str(retry_after_s)
    return response


def wait_words(seconds: int) -> str:
    """A wait in plain words, rounded up: "30 seconds", "1 minute", "15 minutes", "2 hours"."""
    if seconds < 60:
        return f"{seconds} second{'s' if seconds != 1 else ''}"
    if seconds < 3600:
        minutes = math.ceil(seconds / 60)
        return f"{minutes} minute{'s' if minutes != 1 else ''}"
    hours = math.ceil(seconds / 3600)
    return f"{hours} hour{'s' if hours != 1 else ''}"


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials: Any = None
) -> HttpResponse:
    """django-axes' AXES_LOCKOUT_CALLABLE: the 429 page, saying how long the lock lasts."""
    cool_off: timedelta = settings.AXES_COOLOFF_TIME
    return too_many_requests(request, retry_after_s=int(cool_off.total_seconds()), reason="lockout")


class LockoutBackend(AxesStandaloneBackend):
    """django-axes' backend, except for log-ins made without a request.

    Those are not web log-ins (the test client's `login()`, a script): there is no address
    to lock, and axes' own backend would refuse them with an exception.
    """

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> None:
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
