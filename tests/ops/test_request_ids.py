"""Request ids: taken from X-Request-ID when well-formed, else made; in every log record
written meanwhile; in the headers of the tasks the request sends; set in the worker."""

from __future__ import annotations

import io
import json
import logging
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.http import HttpResponse
from django.test import RequestFactory

from advisor.ops import request_ids
from advisor.ops.request_ids import RequestIdFilter, RequestIdMiddleware, request_id

GOOD = "3f2c1a7e-9b1d-4c2e-8f00-1234567890ab"


def _json_logger() -> tuple[logging.Logger, io.StringIO]:
    """A logger with the production handler's formatter and filter, writing to a buffer."""
    from pythonjsonlogger.json import JsonFormatter

    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    spec = settings.LOGGING["formatters"]["json"]
    handler.setFormatter(JsonFormatter(spec["fmt"], rename_fields=spec["rename_fields"]))
    handler.addFilter(RequestIdFilter())
    logger = logging.getLogger("tests.ops.request_ids")
    logger.handlers, logger.propagate = [handler], False
    logger.setLevel(logging.INFO)
    return logger, stream


@pytest.mark.parametrize(
    ("given", "kept"),
    [
        (GOOD, True),
        ("short", False),
        ("bad\nforged line", False),
        ("x" * 129, False),
        (None, False),
    ],
)
def test_it_keeps_a_well_formed_id_and_makes_one_otherwise(given, kept):
    # given
    logger, stream = _json_logger()
    headers = {"HTTP_X_REQUEST_ID": given} if given else {}

    def view(request):
        logger.info("inside the request")
        return HttpResponse("ok")

    # when
    response = RequestIdMiddleware(view)(RequestFactory().get("/", **headers))

    # then: the same id in the response and in the JSON log line
    record = json.loads(stream.getvalue())
    assert record["request_id"] == response["X-Request-ID"]
    assert (response["X-Request-ID"] == given) is kept
    assert request_ids.WELL_FORMED.match(response["X-Request-ID"])
    assert record["message"] == "inside the request" and record["level"] == "INFO"
    assert request_id.get() == ""  # nothing left behind for the next request


def test_the_id_rides_in_the_task_headers_and_is_set_while_the_task_runs():
    # given: a request in progress sends a task
    token = request_id.set(GOOD)
    headers: dict = {}
    request_ids._send_request_id(headers=headers)
    request_id.reset(token)

    # when: a worker runs it (Celery hands custom headers over as request attributes)
    task = SimpleNamespace(request=SimpleNamespace(**headers))
    request_ids._take_request_id(task_id="t1", task=task)
    during = request_id.get()
    request_ids._drop_request_id(task_id="t1")

    # then
    assert headers == {"request_id": GOOD}
    assert during == GOOD and request_id.get() == ""
