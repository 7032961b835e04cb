"""The broker restarts while export jobs are queued: every job still finishes, once.

Redis here keeps nothing on disk (as on this machine's own server), so a restart loses the
queued messages: the job table is what brings them back (the workers' sweep re-sends
queued jobs the broker forgot). The machine's Redis on 6379 is shared with other runs, so
this test restarts a private redis-server of its own, started the same way, on a free port.
Runs when CI=true or ADVISOR_TEST_PRODUCTION_STACK=1.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from advisor.jobs.models import ExportJob
from advisor.jobs.services import export_job_request
from advisor.services import assessment_create
from tests.conftest import preset_answers
from tests.faults.conftest import (
    PrivateRedis,
    broker_pointed_at,
    free_port,
    require_production_stack,
)
from tests.jobs.conftest import wait_for
from tests.jobs.worker_app import RENDER_DELAY_ENV

pytestmark = pytest.mark.slow

State = ExportJob.State
JOBS = 6
# The sweep re-sends a queued job the broker forgot after ADVISOR_JOB_STALE_QUEUED_S (20 s
# in tests), then each build takes a second or so.
ALL_DONE_TIMEOUT_S = 120


@pytest.fixture
def private_redis(tmp_path) -> Iterator[PrivateRedis]:
    require_production_stack("The broker-restart fault test")
    redis = PrivateRedis(free_port(), tmp_path)
    redis.start()
    yield redis
    redis.stop()


@pytest.fixture
def broker(private_redis, settings, workers):
    """This process publishes to the private Redis, and the workers it starts read it."""
    with broker_pointed_at(private_redis.url, settings=settings, pool=workers):
        yield private_redis


def _queue_jobs(owner) -> list[ExportJob]:
    jobs = []
    for i in range(JOBS):
        answers = {**preset_answers("api-for-a-mobile-app"), "name": f"broker fault {i}"}
        revision = assessment_create(owner=owner, answers=answers).revisions.get()
        jobs.append(export_job_request(revision=revision, kind="scaffold", options={}))
    return jobs


def _all_done(jobs: list[ExportJob]) -> bool:
    ids = [job.pk for job in jobs]
    return ExportJob.objects.filter(pk__in=ids, state=State.DONE).count() == len(ids)


@pytest.mark.parametrize("worker_running", [False, True], ids=["before-workers", "mid-work"])
def test_every_queued_job_finishes_once_after_the_broker_restarts(
    broker, workers, owner, worker_running
):
    # given: jobs queued (and, in the second case, a worker busy on one of them)
    if worker_running:
        workers.start(**{RENDER_DELAY_ENV: "1"})
    jobs = _queue_jobs(owner)
    if worker_running:
        wait_for(
            lambda: ExportJob.objects.filter(state=State.RUNNING).exists(), 30, "a job to start"
        )

    if not worker_running:
        assert broker.queued() == JOBS  # the messages are in this broker
    # when: the broker restarts, forgetting every message it held
    broker.restart()
    assert broker.queued() == 0
    if not worker_running:
        workers.start()

    # then
    wait_for(lambda: _all_done(jobs), ALL_DONE_TIMEOUT_S, f"all {JOBS} jobs to finish")
    built = ExportJob.objects.filter(pk__in=[job.pk for job in jobs])
    assert all(job.artefact.name for job in built)
    assert len({job.artefact.name for job in built}) == JOBS  # one artefact each
    assert all(job.error == "" for job in built)
