"""Job tests: real worker processes on the stack this run uses.

The default run uses the embedded stack (SQLite file + filesystem broker). The same tests
run on PostgreSQL + Redis when DATABASE_URL / CELERY_BROKER_URL point there; with CI=true
(or ADVISOR_TEST_PRODUCTION_STACK=1), test_production_stack.py starts that run for you.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.db import connections

from tests.conftest import preset_answers

ROOT = Path(__file__).resolve().parents[2]
CELERY = ROOT / ".venv" / "bin" / "celery"
# The product's app plus the faults a test asks for (see its docstring).
WORKER_APP = "tests.jobs.worker_app"
SOLO_POOL = ("--pool=solo", "--concurrency=1")
RUN_ID = f"{os.getpid()}-{uuid.uuid4().hex[:6]}"
WORKER_READY_TIMEOUT_S = 30
# Short clocks so a lost worker's job is noticed in seconds, not the production half-minute.
TEST_CLOCKS = {
    "ADVISOR_JOB_SWEEP_INTERVAL_S": "1",
    "ADVISOR_JOB_STALE_RUNNING_S": "3",
    "ADVISOR_JOB_STALE_QUEUED_S": "20",
}


def _use_a_file_for_sqlite() -> None:
    """Worker processes cannot see pytest-django's in-memory SQLite: use a file per run."""
    db = connections["default"].settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        db.setdefault("TEST", {})["NAME"] = str(ROOT / "var" / f"test-jobs-{RUN_ID}.sqlite3")
        (ROOT / "var").mkdir(exist_ok=True)


def _isolate_broker() -> None:
    """A queue (and broker folder) of this run's own, so a `make run` worker or another
    test run on this machine never takes our tasks."""
    from django.conf import settings

    from advisor.celery import app

    settings.CELERY_TASK_DEFAULT_QUEUE = app.conf.task_default_queue = QUEUE
    if settings.CELERY_BROKER_URL.startswith("filesystem://"):
        options = {
            **settings.CELERY_BROKER_TRANSPORT_OPTIONS,
            "data_folder_in": str(BROKER_DIR / "queue"),
            "data_folder_out": str(BROKER_DIR / "queue"),
            "control_folder": str(BROKER_DIR / "control"),
        }
        settings.CELERY_BROKER_TRANSPORT_OPTIONS = app.conf.broker_transport_options = options


QUEUE = f"advisor-test-{RUN_ID}"
BROKER_NAME = f"test-{RUN_ID}"
BROKER_DIR = ROOT / "var" / "broker" / BROKER_NAME
_use_a_file_for_sqlite()
_isolate_broker()


@pytest.fixture(scope="session", autouse=True)
def _remove_test_broker_folder() -> Iterator[None]:
    yield
    shutil.rmtree(BROKER_DIR, ignore_errors=True)


def stack_name() -> str:
    from django.conf import settings

    return "embedded" if settings.CELERY_BROKER_URL.startswith("filesystem://") else "production"


@dataclass
class Worker:
    process: subprocess.Popen
    log: Path

    def kill(self) -> None:
        """SIGKILL the whole process group, as a crash or the OOM killer would."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(10)

    def stop(self) -> None:
        # The job's state is in the database, so a test's worker need not shut down
        # gracefully (a warm or cold shutdown of an idle worker takes ~5 s here).
        if self.process.poll() is None:
            self.kill()


@dataclass
class Workers:
    env: dict[str, str]
    tmp: Path
    started: list[Worker] = field(default_factory=list)

    def start(self, *, pool: tuple[str, ...] = SOLO_POOL, **extra_env: str) -> Worker:
        """A worker; faults to inject are variables tests/jobs/worker_app.py reads."""
        log = self.tmp / f"worker-{len(self.started)}.log"
        process = subprocess.Popen(
            [
                str(CELERY),
                "-A",
                WORKER_APP,
                "worker",
                *pool,
                "-Q",
                self.env["ADVISOR_CELERY_QUEUE"],
                "-n",
                f"w{len(self.started)}-{RUN_ID}@%h",
                "--without-mingle",
                "--without-gossip",
                "-l",
                "info",
            ],
            cwd=ROOT,
            env={**self.env, **extra_env},
            stdout=log.open("wb"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        worker = Worker(process, log)
        self.started.append(worker)
        _wait_until(
            lambda: b" ready." in log.read_bytes() or process.poll() is not None,
            WORKER_READY_TIMEOUT_S,
        )
        assert process.poll() is None, log.read_text(errors="replace")
        return worker

    def stop_all(self) -> None:
        for worker in self.started:
            worker.stop()
            # Shown by pytest only when the test failed.
            print(f"--- {worker.log.name} ---\n{worker.log.read_text(errors='replace')[-6000:]}")


def _wait_until(condition: Callable[[], bool], timeout_s: float, poll_s: float = 0.05) -> bool:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(poll_s)
    return condition()


def wait_for(condition: Callable[[], bool], timeout_s: float, what: str) -> None:
    assert _wait_until(condition, timeout_s, 0.1), (
        f"timed out after {timeout_s} s waiting for {what}"
    )


@pytest.fixture
def media_root(settings, tmp_path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def workers(transactional_db, media_root, tmp_path) -> Iterator[Workers]:
    """Starts real `celery worker` processes against this test's database and broker."""
    from django.conf import settings

    db = connections["default"].settings_dict
    env = {
        **os.environ,
        **TEST_CLOCKS,
        "DJANGO_SETTINGS_MODULE": "advisor.settings",
        "DATABASE_URL": _database_url(db),
        "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
        "ADVISOR_CELERY_QUEUE": QUEUE,
        "ADVISOR_BROKER_NAME": BROKER_NAME,
        "DJANGO_MEDIA_ROOT": str(media_root),
    }
    pool = Workers(env=env, tmp=tmp_path)
    yield pool
    pool.stop_all()


def _database_url(db: dict) -> str:
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    host, port = db.get("HOST") or "127.0.0.1", db.get("PORT") or 5432
    return f"postgresql://{db['USER']}@{host}:{port}/{db['NAME']}"


@pytest.fixture
def owner(django_user_model):
    return django_user_model.objects.create_user("olivia", password="a long test password 1")


@pytest.fixture
def revision(owner):
    from advisor.services import assessment_create

    return assessment_create(
        owner=owner, answers=preset_answers("api-for-a-mobile-app")
    ).revisions.get()


@pytest.fixture
def owner_client(client, owner):
    client.force_login(owner)
    return client


@pytest.fixture
def broker_down():
    """Makes the broker unreachable for this (web) process only; the workers keep theirs."""
    from contextlib import contextmanager

    from advisor.celery import app

    @contextmanager
    def down() -> Iterator[None]:
        write_url, options = app.conf.get("broker_write_url"), app.conf.broker_transport_options
        if app.conf.broker_url.startswith("filesystem://"):
            # A folder that cannot exist (below a file): like a broker folder that is gone.
            app.conf.broker_transport_options = {
                **options,
                "data_folder_out": "/dev/null/queue",
                "data_folder_in": "/dev/null/queue",
            }
        else:
            # The write URL, since CELERY_BROKER_URL in the environment outranks broker_url.
            app.conf.broker_write_url = "redis://127.0.0.1:1/0"  # nothing listens on port 1
        try:
            yield
        finally:
            app.conf.broker_write_url, app.conf.broker_transport_options = write_url, options

    return down
