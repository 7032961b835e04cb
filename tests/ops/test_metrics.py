"""/metrics: Prometheus' text format behind a bearer token, a 404 while none is set."""

from __future__ import annotations

import pytest
from django.urls import reverse
from prometheus_client.parser import text_string_to_metric_families

from advisor.jobs.models import ExportJob
from tests.security.conftest import make_export_jobs

pytestmark = pytest.mark.django_db

TOKEN = "m" * 40


@pytest.fixture
def metrics_token(settings):
    settings.ADVISOR_METRICS_TOKEN = TOKEN
    return TOKEN


def _samples(response) -> dict[tuple[str, tuple], float]:
    samples = {}
    for family in text_string_to_metric_families(response.content.decode()):
        for sample in family.samples:
            samples[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return samples


def test_it_is_a_404_while_no_token_is_set(client):
    # when
    response = client.get("/metrics", HTTP_AUTHORIZATION="Bearer anything")

    # then
    assert response.status_code == 404


@pytest.mark.parametrize("header", ["", "Bearer wrong", f"Basic {TOKEN}", f"Bearer {TOKEN}x"])
def test_it_refuses_anything_but_the_token(client, metrics_token, header):
    # when
    response = client.get("/metrics", HTTP_AUTHORIZATION=header)

    # then
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == 'Bearer realm="metrics"'
    assert b"advisor_" not in response.content


def test_it_counts_requests_by_view_and_status_and_jobs_by_state(
    client, metrics_token, revision, settings, tmp_path
):
    # given: a page seen, an address that is nowhere, a finished and a failed export
    settings.MEDIA_ROOT = tmp_path / "media"
    auth = {"HTTP_AUTHORIZATION": f"Bearer {TOKEN}"}
    before = _samples(client.get("/metrics", **auth))
    client.get(reverse("start"))
    client.get("/no/such/page/")
    make_export_jobs(revision)

    # when
    response = client.get("/metrics", **auth)
    after = _samples(response)

    # then
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")

    def grew(name, **labels):
        key = (name, tuple(sorted(labels.items())))
        return after.get(key, 0) - before.get(key, 0)

    assert grew("advisor_http_requests_total", view="start", method="GET", status="200") == 1
    assert grew("advisor_http_requests_total", view="<unresolved>", method="GET", status="404") == 1
    assert grew("advisor_http_request_duration_seconds_count", view="start") == 1
    assert after[("advisor_export_jobs", (("kind", "pdf"), ("state", "done")))] == 1
    assert after[("advisor_export_jobs", (("kind", "scaffold"), ("state", "failed")))] == 1
    assert after[("advisor_broker_up", ())] == 1
    assert ("advisor_export_queue_depth", (("queue", settings.CELERY_TASK_DEFAULT_QUEUE),)) in after
    assert ExportJob.objects.count() == 2
