"""/healthz and /readyz: for load balancers, by any address, saying up or down only."""

from __future__ import annotations

import json
import time

import pytest

from advisor.ops import health

pytestmark = pytest.mark.django_db

A_PROBE = {"HTTP_HOST": "10.0.3.7:8000"}  # an instance's own address, not in ALLOWED_HOSTS
DEAD_REDIS = "redis://127.0.0.1:1/0"  # nothing listens on port 1


def test_healthz_answers_any_address_without_asking_anything(client, django_assert_num_queries):
    # when
    with django_assert_num_queries(0):
        response = client.get("/healthz", **A_PROBE)

    # then
    assert response.status_code == 200
    assert json.loads(response.content) == {"status": "alive"}
    assert response["Cache-Control"] == "no-store"


def test_readyz_is_ready_when_every_dependency_answers(client, settings, tmp_path):
    # given
    settings.MEDIA_ROOT = tmp_path / "media"

    # when
    response = client.get("/readyz", **A_PROBE)

    # then
    assert response.status_code == 200
    assert json.loads(response.content) == {
        "status": "ready",
        "checks": {"database": "up", "cache": "up", "broker": "up", "storage": "up"},
    }


def test_readyz_names_the_dependency_that_is_down_and_nothing_else(client, settings, tmp_path):
    # given: the shared cache on a Redis that is not there
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": DEAD_REDIS,
        },
    }

    # when
    response = client.get("/readyz", **A_PROBE)

    # then: no error text, no address, no version: up or down per dependency
    assert response.status_code == 503
    body = json.loads(response.content)
    assert body == {
        "status": "not ready",
        "checks": {"database": "up", "cache": "down", "broker": "up", "storage": "up"},
    }
    assert b"127.0.0.1" not in response.content and b"Error" not in response.content


def test_a_hanging_dependency_is_down_within_the_timeout_and_not_asked_twice(
    client, settings, tmp_path, monkeypatch
):
    # given: a storage that takes 3 s to answer, a timeout of 0.5 s
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.ADVISOR_READY_TIMEOUT_S = 0.5
    calls = []

    def slow() -> None:
        calls.append(1)
        time.sleep(3)

    monkeypatch.setitem(health.CHECKS, "storage", slow)

    # when
    started = time.monotonic()
    first = client.get("/readyz")
    second = client.get("/readyz")
    took = time.monotonic() - started

    # then
    assert first.status_code == second.status_code == 503
    assert json.loads(second.content)["checks"]["storage"] == "down"
    assert took < 2.5 and calls == [1]


@pytest.mark.parametrize("path", ["/healthz", "/readyz"])
def test_probes_are_never_redirected_limited_or_written_to(client, settings, path):
    # given: an HTTPS-only deployment, probed over plain HTTP
    settings.SECURE_SSL_REDIRECT = True

    # when
    answers = [client.get(path, **A_PROBE).status_code for _ in range(40)]
    posted = client.post(path, **A_PROBE)

    # then
    assert set(answers) <= {200, 503} and len(answers) == 40
    assert posted.status_code == 405
