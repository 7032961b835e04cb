"""A request id for every request, carried into the export job it starts.

The id comes from the client or the proxy in front (X-Request-ID, when well-formed) or is
made here; it is sent back in the response, added to every log record written while the
request runs, put into the headers of any Celery task the request sends, and set again in
the worker while that task runs — so one id finds the request and the job it started.
"""

from __future__ import annotations

import contextvars
import logging
import re
import uuid
from collections.abc import Callable
from typing import Any

from celery.signals import before_task_publish, task_postrun, task_prerun
from django.http import HttpRequest, HttpResponse

HEADER = "X-Request-ID"
TASK_HEADER = "request_id"
# Letters, digits and . _ - only (nothing that could forge a log line), 8 to 128 of them.
WELL_FORMED = re.compile(r"^[A-Za-z0-9._-]{8,128}$")

request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="")


def request_id_from(header: str | None) -> str:
    """The caller's id when well-formed, else a new one."""
    if header and WELL_FORMED.match(header):
        return header
    return uuid.uuid4().hex


class RequestIdMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        rid = request_id_from(request.headers.get(HEADER))
        token = request_id.set(rid)
        try:
            response = self.get_response(request)
        finally:
            request_id.reset(token)
        response[HEADER] = rid
        return response


class RequestIdFilter(logging.Filter):
    """Adds `request_id` to every record ("" outside a request or a job)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id.get()
        return True


@before_task_publish.connect(dispatch_uid="ops.request_id_publish")
def _send_request_id(headers: dict[str, Any] | None = None, **kwargs: Any) -> None:
    rid = request_id.get()
    if rid and headers is not None:
        headers.setdefault(TASK_HEADER, rid)


_task_tokens: dict[str, contextvars.Token[str]] = {}


@task_prerun.connect(dispatch_uid="ops.request_id_prerun")
def _take_request_id(task_id: str = "", task: Any = None, **kwargs: Any) -> None:
    # Celery (protocol 2) hands custom message headers to the task as request attributes.
    rid = getattr(task.request, TASK_HEADER, None) if task is not None else None
    _task_tokens[task_id] = request_id.set(rid if isinstance(rid, str) else "")


@task_postrun.connect(dispatch_uid="ops.request_id_postrun")
def _drop_request_id(task_id: str = "", **kwargs: Any) -> None:
    token = _task_tokens.pop(task_id, None)
    if token is not None:
        request_id.reset(token)
