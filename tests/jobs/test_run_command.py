"""`manage.py run`: a worker killed by SIGKILL (the OOM killer, a crash) is started again,
the web server keeps serving, and the command says so. Runs the real command, with its own
database, broker folder, queue, media folder and port."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.jobs.conftest import ROOT, wait_for
from tests.jobs.test_production_stack import NESTED_ENV

pytestmark = [
    pytest.mark.slow,
    # The command runs its own embedded stack whatever this run uses: once is enough.
    pytest.mark.skipif(os.environ.get(NESTED_ENV) == "production", reason="stack-independent"),
]

START_TIMEOUT_S = 90  # migrate a fresh database, start runserver and a worker


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _children(pid: int) -> list[int]:
    children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    return [int(child) for child in children]


def _worker_pid(run_pid: int) -> int | None:
    for pid in _children(run_pid):
        if b"celery" in Path(f"/proc/{pid}/cmdline").read_bytes():
            return pid
    return None


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status == 200
    except OSError:
        return False


@pytest.fixture
def run_command(tmp_path):
    port = _free_port()
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'run.sqlite3'}",
        "CELERY_BROKER_URL": "filesystem://",
        "ADVISOR_VAR_DIR": str(tmp_path / "var"),
        "ADVISOR_BROKER_NAME": "run-test",
        "ADVISOR_CELERY_QUEUE": f"run-test-{port}",
        "DJANGO_MEDIA_ROOT": str(tmp_path / "media"),
    }
    log = tmp_path / "run.log"
    command = [sys.executable, "manage.py", "run", "--port", str(port), "--concurrency", "1"]
    process = subprocess.Popen(
        command,
        cwd=ROOT,
        env=env,
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    yield process, f"http://127.0.0.1:{port}/", log
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(40)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
    print(log.read_text(errors="replace")[-4000:])  # shown when the test failed


def test_a_killed_worker_is_started_again_and_the_web_server_keeps_serving(run_command):
    # given
    process, url, log = run_command
    wait_for(lambda: _answers(url), START_TIMEOUT_S, "the web server")
    wait_for(lambda: log.read_text().count(" ready.") == 1, START_TIMEOUT_S, "the worker")
    first = _worker_pid(process.pid)

    # when
    os.killpg(first, signal.SIGKILL)

    # then
    wait_for(lambda: log.read_text().count(" ready.") == 2, START_TIMEOUT_S, "a new worker")
    said = log.read_text()
    assert "The worker stopped (killed by SIGKILL)" in said
    assert "A new worker is running" in said
    assert process.poll() is None and _answers(url)
    assert _worker_pid(process.pid) not in (None, first)


CTRL_C_STOP_S = 6  # was ~45 s: Celery's own warm shutdown, then the grace ran out


def test_ctrl_c_stops_web_and_worker_quickly_and_without_errors(run_command):
    # given
    process, url, log = run_command
    wait_for(lambda: _answers(url), START_TIMEOUT_S, "the web server")
    wait_for(lambda: " ready." in log.read_text(), START_TIMEOUT_S, "the worker")
    worker = _worker_pid(process.pid)
    started_s = time.monotonic()

    # when: Ctrl-C reaches the command (its children run in groups of their own)
    process.send_signal(signal.SIGINT)
    returncode = process.wait(30)

    # then
    took_s = time.monotonic() - started_s
    said = log.read_text(errors="replace")
    assert returncode == 0
    assert took_s < CTRL_C_STOP_S, f"took {took_s:.1f} s to stop"
    assert "ERROR" not in said and "Traceback" not in said
    assert not _answers(url)
    assert not Path(f"/proc/{worker}").exists() or b"Z" in _state(worker)


def _state(pid: int) -> bytes:
    return Path(f"/proc/{pid}/stat").read_bytes().split(b")")[-1].split()[0]
