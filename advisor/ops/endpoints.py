"""/healthz, /readyz and /metrics, answered before the rest of the middleware.

Load balancers and orchestrators probe a process by its own address (Host: 10.0.3.7:8000),
over plain HTTP, every few seconds. Answered here, first, these requests skip the host
check (ALLOWED_HOSTS), the HTTPS redirect, sessions, rate limits and the login lockout, and
they never touch a user's data. They say up or down per dependency and nothing else.
/metrics answers only a bearer token equal to METRICS_TOKEN, and is a 404 while none is set.
"""

from __future__ import annotations

import hmac
import json
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed

from advisor.ops.health import readiness
from advisor.ops.metrics import metrics_exposition

HEALTHZ, READYZ, METRICS = "/healthz", "/readyz", "/metrics"
NO_STORE = "no-store"


def healthz() -> HttpResponse:
    """Liveness: the process answers. No dependency is asked."""
    return _json({"status": "alive"}, status=200)


def readyz() -> HttpResponse:
    """Readiness: every dependency reachable within the timeout."""
    checks = readiness()
    ready = all(checks.values())
    body = {
        "status": "ready" if ready else "not ready",
        "checks": {name: "up" if up else "down" for name, up in checks.items()},
    }
    return _json(body, status=200 if ready else 503)


def metrics(request: HttpRequest) -> HttpResponse | None:
    """The exposition for the right bearer token; None (the site's 404) while unset."""
    token = settings.ADVISOR_METRICS_TOKEN
    if not token:
        return None
    given = request.headers.get("Authorization", "")
    if not hmac.compare_digest(given.encode(), f"Bearer {token}".encode()):
        response = HttpResponse("Unauthorized\n", status=401, content_type="text/plain")
        response["WWW-Authenticate"] = 'Bearer realm="metrics"'
        return response
    body, content_type = metrics_exposition()
    response = HttpResponse(body, content_type=content_type)
    response["Cache-Control"] = NO_STORE
    return response


def _json(body: dict[str, object], *, status: int) -> HttpResponse:
    response = HttpResponse(json.dumps(body), status=status, content_type="application/json")
    response["Cache-Control"] = NO_STORE
    return response


class OperatorEndpointsMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        path = request.path_info.rstrip("/") or "/"
        if path not in (HEALTHZ, READYZ, METRICS):
            return self.get_response(request)
        request.ops_endpoint = path.lstrip("/")  # type: ignore[attr-defined]
        if request.method not in ("GET", "HEAD"):
            return HttpResponseNotAllowed(["GET", "HEAD"])
        if path == HEALTHZ:
            return healthz()
        if path == READYZ:
            return readyz()
        return metrics(request) or self.get_response(request)
