"""The JSON API (django-ninja) at /api/v1/: what the site does, for scripts and teams.

    questionnaire.py  POST /assess, and the questionnaire's JSON Schema from the one form
    assessments.py    my saved assessments: list, save, read, revise, delete, compare,
                      share links
    exports.py        exports of a revision: kinds, start, progress, retry, download
    auth.py           bearer token, session (CSRF on writes), share token; rate limits
    schemas.py        the response schemas

Views and API call the same selectors and services, so access, field errors and rate
limits are the site's. The schema is at /api/v1/openapi.json, Swagger UI at /api/v1/docs.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import HttpError

from advisor.api import assessments, exports, questionnaire

api = NinjaAPI(
    title="Serverless Architecture Advisor API",
    version="1",
    description=(
        "What the site does: assess a workload (the same questionnaire as the web form and "
        "the `advise` command), save, list, revise, compare and delete assessments, share "
        "them read-only, and export them (PDF report, starter repository) with progress "
        "and download.\n\n"
        "**Authentication.** Make a token on the “API tokens” page and send it as "
        "`Authorization: Bearer <token>`, or use a logged-in browser session (writes then "
        "need the `csrftoken` cookie's value as the `X-CSRFToken` header). A share link's "
        "token, as `?token=`, opens the exports of the revision the link opens, and nothing "
        "else. Another user's ids answer 404, as if they did not exist.\n\n"
        '**Errors.** Bad input gets 400 with `{"errors": {field: [messages]}}`, the '
        "questionnaire form's own messages; 401 without credentials; 429 with Retry-After "
        "past a rate limit (exports: the site's limit, per user)."
    ),
    urls_namespace="api",
    # Swagger UI from django-ninja's bundled static files (no CDN, no inline script), beside
    # the schema at /api/v1/openapi.json.
    docs_url="/docs",
)
api.add_router("", questionnaire.router)
api.add_router("", assessments.router)
api.add_router("", exports.router)


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    """django-ninja's own refusals keep its `{"detail": ...}`, bar 400: a body it cannot
    parse reads as every other bad input does, `{"errors": {"__all__": [...]}}`."""
    if exc.status_code == 400:
        body = {"errors": {"__all__": ["The body is not valid JSON."]}}
        return api.create_response(request, body, status=400)
    return api.create_response(request, {"detail": str(exc)}, status=exc.status_code)
