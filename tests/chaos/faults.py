"""The faults the chaos suite injects, each as real as this machine allows: signals to
real worker processes and their pool children, the database cutting every connection, the
broker restarting (and forgetting), the storage turning read-only or full."""

from __future__ import annotations

import errno
import os
import random
import re
import signal
import subprocess
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.db import connection

from advisor.jobs.models import ExportJob
from tests.faults.conftest import PrivateRedis
from tests.jobs.conftest import Worker, Workers

PREFORK_POOL = ("--pool=prefork", "--concurrency=2")
SOLO_POOL = ("--pool=solo", "--concurrency=1")
# Slow enough that a fault lands inside a render or between writing and publishing.
WORKER_FAULT_ENV = {"ADVISOR_TEST_RENDER_DELAY_S": "0.5", "ADVISOR_TEST_PUBLISH_DELAY_S": "0.5"}
# A stop outlasts the stale interval (3 s in tests): the job is given to another worker.
STOP_S = (4.0, 8.0)
TAKEOVER_MAX_S = 40
# Faults aimed at a worker busy on a job (the worst moment) this often; at any worker else.
AIM_AT_BUSY = 0.8
STORAGE_OUTAGE_S = (1.0, 4.0)
BETWEEN_FAULTS_S = (0.2, 1.5)
_NAME = re.compile(r"w(\d+)-").match


@dataclass
class Lab:
    """Workers, storage and broker, and the faults that can be done to them here."""

    workers: Workers
    media: Path
    redis: PrivateRedis | None
    injected: Counter[str] = field(default_factory=Counter)
    steps_hit: Counter[str] = field(default_factory=Counter)
    deck: list[str] = field(default_factory=list)

    def start_workers(self) -> None:
        self.workers.start(pool=PREFORK_POOL, **WORKER_FAULT_ENV)
        self.workers.start(pool=SOLO_POOL, **WORKER_FAULT_ENV)

    def faults(self) -> dict[str, Callable[[random.Random], bool]]:
        """Every fault this stack and machine allow, by name."""
        available = {
            "SIGKILL worker": self.kill_worker,
            "SIGKILL pool child": self.kill_pool_child,
            "SIGSTOP/SIGCONT worker": self.pause_worker,
        }
        if connection.vendor == "postgresql":
            available["database connections terminated"] = self.cut_database
        if self.redis is not None:
            available["broker restarted"] = self.restart_broker
        if os.path.ismount(self.media):
            available["storage read-only"] = self.storage_read_only
            available["storage full"] = self.storage_full
        return available

    def inject(self, rng: random.Random, jobs: list[ExportJob], count: int) -> None:
        """`count` faults at random moments while the jobs are being built; dealt from a
        shuffled deck of every kind, so a few runs try each kind at least once."""
        faults = self.faults()
        for _ in range(count):
            time.sleep(rng.uniform(*BETWEEN_FAULTS_S))
            if not self.deck:
                self.deck = rng.sample(sorted(faults), len(faults))
            name = self.deck.pop()
            self._note_steps(jobs)
            if faults[name](rng):
                self.injected[name] += 1

    def _note_steps(self, jobs: list[ExportJob]) -> None:
        """Where the jobs were when a fault struck (queued, evaluate, render, store, done)."""
        for state, step in ExportJob.objects.filter(pk__in=[j.pk for j in jobs]).values_list(
            "state", "step"
        ):
            self.steps_hit[step or state] += 1

    def _live(self) -> list[Worker]:
        return [w for w in self.workers.started if w.process.poll() is None]

    def _target(self, rng: random.Random) -> tuple[Worker, int | None]:
        """Mostly a worker in the middle of a job (its name, w<n>-…, is on the job's row),
        with that job's id; else any live worker."""
        live = self._live()
        running = ExportJob.objects.filter(state=ExportJob.State.RUNNING)
        busy = {
            int(m[1]): job_id
            for job_id, name in running.values_list("pk", "worker")
            if (m := _NAME(name))
        }
        aimed = [(w, busy[i]) for i, w in enumerate(self.workers.started) if i in busy]
        aimed = [(w, job_id) for w, job_id in aimed if w in live]
        if aimed and rng.random() < AIM_AT_BUSY:
            return rng.choice(aimed)
        return rng.choice(live), None

    def kill_worker(self, rng: random.Random) -> bool:
        """SIGKILL a worker's whole process group, as the OOM killer would; start another."""
        victim, _ = self._target(rng)
        pool = PREFORK_POOL if "prefork" in " ".join(victim.process.args) else SOLO_POOL
        victim.kill()
        self.workers.start(pool=pool, **WORKER_FAULT_ENV)
        return True

    def kill_pool_child(self, rng: random.Random) -> bool:
        """SIGKILL one child of a prefork worker (its parent starts a new child)."""
        children = [
            child
            for worker in self._live()
            if "prefork" in " ".join(worker.process.args)
            for child in _children(worker.process.pid)
        ]
        if not children:
            return False
        os.kill(rng.choice(children), signal.SIGKILL)
        return True

    def pause_worker(self, rng: random.Random) -> bool:
        """SIGSTOP a worker past the stale interval (a VM freeze, a storage stall), and when
        it was busy, until another worker has finished its job; then SIGCONT it: it wakes
        up holding a claim that is no longer its own."""
        victim, job_id = self._target(rng)
        os.killpg(victim.process.pid, signal.SIGSTOP)
        try:
            time.sleep(rng.uniform(*STOP_S))
            if job_id is not None:
                taken_over = ExportJob.objects.filter(pk=job_id, state=ExportJob.State.DONE)
                _until(taken_over.exists, TAKEOVER_MAX_S)
        finally:
            os.killpg(victim.process.pid, signal.SIGCONT)
        return True

    def cut_database(self, rng: random.Random) -> bool:
        """Terminate every backend of the test database but this process's own, as a
        PostgreSQL restart or failover does."""
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
            return cursor.fetchone()[0] > 0

    def restart_broker(self, rng: random.Random) -> bool:
        """Restart Redis; it keeps nothing on disk, so every queued message is forgotten."""
        assert self.redis is not None
        self.redis.restart()
        return True

    def storage_read_only(self, rng: random.Random) -> bool:
        """Remount the artefact storage read-only for a few seconds."""
        if not _remount(self.media, "ro"):
            return False  # a write in progress keeps the mount busy; no fault this time
        try:
            time.sleep(rng.uniform(*STORAGE_OUTAGE_S))
        finally:
            assert _remount(self.media, "rw", tries=50), "could not make the storage writable"
        return True

    def storage_full(self, rng: random.Random) -> bool:
        """Fill the artefact storage to the last byte for a few seconds."""
        filler = self.media / "filler"
        _fill(filler)
        try:
            time.sleep(rng.uniform(*STORAGE_OUTAGE_S))
        finally:
            filler.unlink()
        return True

    def heal(self) -> None:
        """Every fault over: storage writable and roomy, and at least two workers alive."""
        assert not (self.media / "filler").exists()
        while len(self._live()) < 2:
            self.workers.start(pool=SOLO_POOL, **WORKER_FAULT_ENV)


def _until(condition: Callable[[], bool], timeout_s: float) -> None:
    deadline = time.monotonic() + timeout_s
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.2)


def _fill(path: Path) -> None:
    """Write zeros until the file system says it is full (ENOSPC), as a real disk does."""
    with path.open("wb", buffering=0) as stream:
        for chunk_bytes in (1 << 20, 1 << 12, 1):
            try:
                while True:
                    stream.write(bytes(chunk_bytes))
            except OSError as exc:
                if exc.errno != errno.ENOSPC:
                    raise


def _children(pid: int) -> list[int]:
    try:
        return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except FileNotFoundError:
        return []


def _remount(path: Path, mode: str, *, tries: int = 5) -> bool:
    for _ in range(tries):
        done = subprocess.run(
            ["mount", "-o", f"remount,{mode}", str(path)], capture_output=True, check=False
        )
        if done.returncode == 0:
            return True
        time.sleep(0.1)
    return False
