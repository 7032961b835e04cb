"""schemathesis against the API's own OpenAPI schema, through the WSGI app in-process:
no server errors, and every response (200, 201, 202, 204, 302, 400, 401, 404, 409, 422,
429) matches what the schema declares for it.

Three runs: every operation as an anonymous caller with generated ids (401s, 404s, 422s);
every operation as the owner of a saved assessment, its exports and a share link, with the
ids of those things (the bodies, queries and the rest still generated); and a stateful run
that follows the schema's links (save -> read, revise, share, export -> progress, download,
revoke, delete) with the ids the API itself answered.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

import pytest
import schemathesis
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis import checks

from advisor.jobs.services import requesting
from advisor.models import Assessment
from advisor.services import api_token_create, share_link_create
from advisor.wsgi import application
from tests.conftest import examples
from tests.factories import make_assessment, make_user
from tests.security.conftest import make_export_jobs

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
# The anonymous run skips schemathesis' coverage phase (a boundary value for every field of
# every body and query, about 1,150 cases for each questionnaire operation): a caller without
# a key is refused before any of it is read, and POST /assess, the one operation open to
# anyone, gets the same cases in the owner's run. Its examples and fuzzing still run.
schema.config.phases.coverage.enabled = False
# The same schema, called as the owner: their API key through schemathesis' auth hook, so it
# knows the credentials are real and probes that the same call without them is refused.
owner_schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
OWNER_KEY = {"key": ""}  # the running test's owner (set by the `owned` fixture)


@owner_schema.auth(refresh_interval=None)  # never cached: each test has an owner of its own
class OwnerToken:
    def get(self, case, ctx) -> str:
        return OWNER_KEY["key"]

    def set(self, case, data: str, ctx) -> None:
        case.headers = {**(case.headers or {}), "Authorization": f"Bearer {data}"}


# Every check schemathesis has, server errors, status codes and response schemas among
# them, bar two. The form deliberately takes the text forms files and browsers send ("12"
# for 12, "yes" for true), which the schema types do not list (junk that must be refused is
# fuzzed in test_api_fuzz.py); and rules across fields (peak at least the average, longest
# run at least the average run) are beyond JSON Schema.
EXCLUDED = [checks.negative_data_rejection, checks.positive_data_acceptance]
SETTINGS = settings(
    max_examples=examples(1),  # per operation; 100 under CI=true (tests/conftest.py)
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
# What each run answered, by operation and status: the report's numbers, and proof below
# that the owner's run reached past 401 and 404 on every operation.
ANSWERED: dict[str, Counter] = {}


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


@dataclass
class Owned:
    """An owner, their API key, and things of theirs the generated calls can reach."""

    owner: Any
    key: str
    assessment: Assessment | None = None

    def ids(self) -> dict[str, Any]:
        """Ids of things that exist now: a call of the run before may have deleted them."""
        if not Assessment.objects.filter(pk=getattr(self.assessment, "pk", None)).exists():
            self.assessment = make_assessment(self.owner, "real-time-chat")
            make_export_jobs(self.assessment.revisions.get())
            share_link_create(assessment=self.assessment)
        revision = self.assessment.revisions.order_by("number").first()
        # Failed again before each call, so that retrying has a failed export to queue.
        revision.export_jobs.filter(kind="scaffold").update(state="failed", error="disk full")
        jobs = {job.state: job.pk for job in revision.export_jobs.all()}
        return {
            "id": self.assessment.pk,
            "number": revision.number,
            "revision_id": revision.pk,
            "job_id": jobs.get("done") or next(iter(jobs.values()), 0),
            "failed_job_id": jobs.get("failed", 0),
            "link_id": self.assessment.share_links.first().pk,
        }


@pytest.fixture
def owned(db, settings, tmp_path, monkeypatch) -> Owned:
    """Exports never reach a broker, their files go to the test's folder, and the export rate
    limit is out of the way (test_rate_limits.py and tests/api check it)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.ADVISOR_RATE_LIMITS = {**settings.ADVISOR_RATE_LIMITS, "export": "100000/m"}
    monkeypatch.setattr(requesting, "export_job_publish", lambda *, job_id: True)
    cache.clear()
    owner = make_user("olivia")
    _, OWNER_KEY["key"] = api_token_create(user=owner)
    yield Owned(owner=owner, key=OWNER_KEY["key"])
    cache.clear()


def _record(run: str, case, response) -> None:
    label = f"{case.operation.method.upper()} {case.operation.path}"
    ANSWERED.setdefault(run, Counter())[(label, response.status_code)] += 1


@pytest.mark.django_db
@schema.parametrize()
@SETTINGS
def test_the_api_keeps_to_its_own_openapi_schema(case):
    # when / then
    response = case.call_and_validate(excluded_checks=EXCLUDED)
    _record("anonymous", case, response)


def _with_the_owners_ids(case, ids: dict[str, Any]) -> None:
    for name in case.path_parameters or {}:
        retry = name == "job_id" and case.operation.path.endswith("/retry")
        case.path_parameters[name] = ids["failed_job_id" if retry else name]
    if case.operation.path == "/api/v1/compare":
        case.query = {"revision": [ids["revision_id"]], "assessment": [ids["id"]]}


@pytest.mark.django_db
@owner_schema.parametrize()
@SETTINGS
def test_the_owners_calls_on_their_own_things_keep_to_the_schema(case, owned):
    # given
    _with_the_owners_ids(case, owned.ids())

    # when / then
    response = case.call_and_validate(excluded_checks=EXCLUDED)
    _record("owner", case, response)


class OwnerWorkflow(owner_schema.as_state_machine()):
    """Calls chained by the schema's links, as the owner."""

    def setup(self) -> None:
        # Every scenario starts from the same state: Hypothesis replays scenarios, and which
        # links can be followed depends on what the calls before answered.
        Assessment.objects.all().delete()
        cache.clear()

    def validate_response(self, response, case, additional_checks=None, **kwargs) -> None:
        _record("stateful", case, response)
        case.validate_response(
            response,
            excluded_checks=EXCLUDED,
            transport_kwargs=kwargs or None,
            recorder=self.recorder,
        )


@pytest.mark.django_db
def test_chained_calls_keep_to_the_schema(owned):
    # when / then
    OwnerWorkflow.run(
        settings=settings(
            max_examples=examples(1.5),  # scenarios; 150 under CI=true
            stateful_step_count=8,
            deadline=None,
            suppress_health_check=list(HealthCheck),
        )
    )


def _successes(run: str) -> set[str]:
    return {label for (label, status), _ in ANSWERED.get(run, Counter()).items() if status < 400}


def test_every_operation_answered_the_owner_with_a_success():
    """Run after the runs above (pytest keeps file order): the owner's run is not a wall of
    401s and 404s; every operation did what it is for at least once."""
    if "owner" not in ANSWERED:
        pytest.skip("the owner's run did not run in this session")
    operations = {f"{op.ok().method.upper()} {op.ok().path}" for op in schema.get_all_operations()}

    # then
    assert operations - _successes("owner") == set()
