"""schemathesis against the API's own OpenAPI schema, through the WSGI app in-process:
no server errors, and every response (200, 400, 401, 404, 409, 422) matches what the schema
declares for it."""

from __future__ import annotations

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis import checks

from advisor.wsgi import application
from tests.conftest import examples

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)


@pytest.fixture(autouse=True)
def _keep_the_test_database_connection():
    """Calling the WSGI app directly fires request_finished, whose close_old_connections
    would close the test's own database connection mid-test; Django's test client
    disconnects it the same way."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=examples(1.5),  # per operation; 150 under CI=true (tests/conftest.py)
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_the_api_keeps_to_its_own_openapi_schema(case):
    # when / then: every check schemathesis has, server errors, status codes and response
    # schemas among them, bar two. The form deliberately takes the text forms files and
    # browsers send ("12" for 12, "yes" for true), which the schema types do not list (junk
    # that must be refused is fuzzed in test_api_fuzz.py); and rules across fields (peak
    # at least the average, longest run at least the average run) are beyond JSON Schema.
    case.call_and_validate(
        excluded_checks=[checks.negative_data_rejection, checks.positive_data_acceptance]
    )
