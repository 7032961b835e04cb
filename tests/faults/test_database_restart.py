"""The database goes away under load and comes back: requests fail fast with a 500 page
(never a hang), the site recovers by itself, and no saved assessment is lost.

PostgreSQL on 127.0.0.1:5432 is shared with other test runs on this machine, so instead of
restarting the whole server this test takes down only its own database, as a restart looks
to the app: every open connection is killed (pg_terminate_backend) and new ones are refused
(ALLOW_CONNECTIONS false) for OUTAGE_S seconds, then accepted again. Runs when CI=true or
ADVISOR_TEST_PRODUCTION_STACK=1; fails if PostgreSQL is down then.
"""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Iterator

import pytest

from advisor_tooling.loadtest import Sample, gunicorn_server, load_samples
from tests.faults.conftest import PG_URL, reachable, require_production_stack

pytestmark = pytest.mark.slow

USERS = 10
OUTAGE_AT_S = 4.0
OUTAGE_S = 3.0
LOAD_S = 13.0
RECOVERY_GRACE_S = 1.0  # requests already in flight when the database came back
HANG_S = 10.0  # no request may take this long, outage or not


@pytest.fixture
def fault_database() -> Iterator[str]:
    require_production_stack("The database-restart fault test")
    assert reachable("127.0.0.1", 5432) or "127.0.0.1:5432" not in PG_URL, "PostgreSQL down"
    import psycopg

    name = f"advisor_faults_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(f"{PG_URL}/postgres", autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield name
    finally:
        with psycopg.connect(f"{PG_URL}/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _outage(name: str, down_s: float = OUTAGE_S) -> None:
    import psycopg

    with psycopg.connect(f"{PG_URL}/postgres", autocommit=True) as admin:
        admin.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS false')
        admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", [name]
        )
        time.sleep(down_s)
        admin.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true')


def _saved_rows(name: str) -> int:
    import psycopg

    with psycopg.connect(f"{PG_URL}/{name}") as db:
        return db.execute("SELECT count(*) FROM advisor_assessment").fetchone()[0]


@pytest.mark.parametrize("conn_max_age", ["0", "60"], ids=["new-connection", "persistent"])
def test_requests_fail_cleanly_while_the_database_is_down_and_recover_losing_nothing(
    fault_database, conn_max_age
):
    # given: a site under load on its own database
    url = f"{PG_URL}/{fault_database}"
    with gunicorn_server(database_url=url, extra_env={"DJANGO_CONN_MAX_AGE": conn_max_age}) as srv:
        samples: list[Sample] = []
        timed = threading.Event()
        t0: list[float] = []

        def run() -> None:
            samples.extend(
                load_samples(
                    base_url=srv.base_url,
                    users=USERS,
                    duration_s=LOAD_S,
                    on_start=lambda at: (t0.append(at), timed.set()),
                )
            )

        load = threading.Thread(target=run)
        load.start()
        assert timed.wait(120), "the users never got logged in"
        time.sleep(OUTAGE_AT_S)

        # when
        _outage(fault_database)
        back_at_s = time.monotonic() - t0[0]
        load.join(timeout=LOAD_S + 120)
        assert not load.is_alive(), "the load run hung"

    # then: every request ended quickly, with its answer or a 500 page
    failed = [s for s in samples if not s.ok]
    print(f"{len(samples)} requests, {len(failed)} failed during the outage")  # for the docs
    assert max(s.latency_ms for s in samples) < HANG_S * 1000
    assert failed, "the outage never reached a request"
    assert {s.status for s in failed} <= {500, 503}, [s.error for s in failed][:3]
    # and the site came back by itself
    after = [s for s in samples if s.started_s > back_at_s + RECOVERY_GRACE_S]
    assert after and all(s.ok for s in after), [f"{s.kind} {s.status}" for s in after if not s.ok]
    # and every save the site confirmed is there (a save that failed was not half-kept)
    confirmed = sum(1 for s in samples if s.kind == "save" and s.ok)
    failed_saves = sum(1 for s in failed if s.kind == "save")
    assert confirmed <= _saved_rows(fault_database) <= confirmed + failed_saves


def test_a_connection_the_database_dropped_while_idle_is_replaced_before_it_is_used(
    fault_database,
):
    # given: one gunicorn thread keeping its database connection between requests
    import httpx

    from advisor_tooling.loadtest import PASSWORD, USERNAME

    url = f"{PG_URL}/{fault_database}"
    env = {"DJANGO_CONN_MAX_AGE": "600"}
    with (
        gunicorn_server(database_url=url, workers=1, threads=1, extra_env=env) as srv,
        httpx.Client(base_url=srv.base_url, timeout=HANG_S) as browser,
    ):
        page = browser.get("/accounts/login/")
        token = page.text.split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]
        form = {"username": USERNAME, "password": PASSWORD, "csrfmiddlewaretoken": token}
        assert browser.post("/accounts/login/", data=form).status_code == 302
        assert browser.get("/assessments/").status_code == 200

        # when: the database restarts between two requests
        _outage(fault_database, down_s=0)
        answer = browser.get("/assessments/")

    # then
    assert answer.status_code == 200
