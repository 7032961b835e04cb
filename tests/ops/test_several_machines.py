"""What several machines run, on one: two web processes (gunicorn) and two workers, each
with empty local folders of its own, sharing only PostgreSQL, Redis and an S3-compatible
server (moto's) on 127.0.0.1.

An export asked for through one web process is built by a worker and downloaded intact
through the other; a worker killed in the middle of a job has it taken over by the other;
deleting the assessment removes the objects; the request id reaches the worker's logs.
Runs in the PostgreSQL + Redis run (CI=true: tests/jobs/test_production_stack.py).
"""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import time
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from django.conf import settings
from django.db import connections
from django.test import Client
from pypdf import PdfReader

from advisor.jobs.management.commands.run import _web_command
from advisor.jobs.models import ExportJob
from advisor.models import Assessment
from tests.conftest import free_port
from tests.faults.conftest import PrivateRedis
from tests.jobs.conftest import (
    QUEUE,
    ROOT,
    TEST_CLOCKS,
    Workers,
    _database_url,
    stack_name,
    wait_for,
)
from tests.jobs.worker_app import RENDER_DELAY_ENV
from tests.s3_server import MotoServer

pytestmark = pytest.mark.django_db(transaction=True)

METRICS_TOKEN = "several-machines-metrics-token"
WEB_START_TIMEOUT_S = 60
JOBS_TIMEOUT_S = 180
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@dataclass
class Web:
    name: str
    port: int
    process: subprocess.Popen
    log: Path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            self.process.wait(20)
        print(f"--- {self.name} ---\n{self.log.read_text(errors='replace')[-4000:]}")


def _machine(tmp: Path, name: str) -> dict[str, str]:
    """Empty local folders of one machine: media, var (caches, broker folder), metrics."""
    folders = {
        "DJANGO_MEDIA_ROOT": tmp / name / "media",
        "ADVISOR_VAR_DIR": tmp / name / "var",
        "PROMETHEUS_MULTIPROC_DIR": tmp / name / "prometheus",
    }
    for folder in folders.values():
        folder.mkdir(parents=True)
    return {key: str(folder) for key, folder in folders.items()}


def _start_web(env: dict[str, str], tmp: Path, name: str) -> Web:
    port, log = free_port(), tmp / f"{name}.log"
    # The command `make run-prod` runs (gunicorn with the project's settings file).
    command = _web_command({"prod": True, "host": "127.0.0.1", "port": port, "web_workers": 2})
    process = subprocess.Popen(
        command,
        cwd=ROOT,
        env={**env, **_machine(tmp, name)},
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    web = Web(name, port, process, log)

    def answers() -> bool:
        assert process.poll() is None, log.read_text(errors="replace")
        try:
            return httpx.get(f"{web.url}/healthz", timeout=1).status_code == 200
        except httpx.HTTPError:
            return False

    wait_for(answers, WEB_START_TIMEOUT_S, f"{name} to answer")
    return web


@pytest.fixture
def stack(tmp_path) -> Iterator[dict]:
    if stack_name() != "production":
        pytest.skip(
            "runs in the PostgreSQL + Redis run (CI=true or ADVISOR_TEST_PRODUCTION_STACK=1)"
        )
    redis, moto = PrivateRedis(free_port(), tmp_path), MotoServer(tmp_path)
    redis.start()
    moto.start()
    env = {
        **os.environ,
        **TEST_CLOCKS,
        **moto.env(),
        "DJANGO_SETTINGS_MODULE": "advisor.settings",
        "DATABASE_URL": _database_url(connections["default"].settings_dict),
        "CELERY_BROKER_URL": f"redis://127.0.0.1:{redis.port}/0",
        "DJANGO_CACHE_URL": f"redis://127.0.0.1:{redis.port}/1",
        "ADVISOR_CELERY_QUEUE": QUEUE,
        "DJANGO_SECRET_KEY": settings.SECRET_KEY,  # one key for every machine
        "METRICS_TOKEN": METRICS_TOKEN,
        "DJANGO_LOG_FORMAT": "json",
    }
    webs: list[Web] = []
    workers = Workers(env=env, tmp=tmp_path)
    try:
        webs = [_start_web(env, tmp_path, "web-a"), _start_web(env, tmp_path, "web-b")]
        yield {"webs": webs, "workers": workers, "moto": moto, "tmp": tmp_path}
    finally:
        workers.stop_all()
        for web in webs:
            web.stop()
        moto.stop()
        redis.stop()


def _browser(web: Web, session: str) -> httpx.Client:
    return httpx.Client(base_url=web.url, cookies={"sessionid": session}, timeout=30)


def _post(browser: httpx.Client, form_page: str, url: str, data: dict, request_id: str = ""):
    token = CSRF.search(browser.get(form_page).text)[1]
    headers = {"X-Request-ID": request_id} if request_id else {}
    return browser.post(url, data={**data, "csrfmiddlewaretoken": token}, headers=headers)


def _download(browser: httpx.Client, job: ExportJob) -> bytes:
    response = browser.get(f"/jobs/{job.pk}/download/")
    assert response.status_code == 302, response.text[:500]
    assert response.headers["location"].startswith("http://127.0.0.1:")  # the S3 server
    fetched = httpx.get(response.headers["location"], timeout=30)
    assert fetched.status_code == 200
    return fetched.content


def _machine_files(tmp: Path) -> list[Path]:
    return [p for p in tmp.glob("*/media/**/*") if p.is_file()]


def test_two_web_processes_and_two_workers_share_only_the_database_redis_and_s3(stack, owner):
    started = time.monotonic()
    web_a, web_b = stack["webs"]
    workers, moto = stack["workers"], stack["moto"]
    django_client = Client()
    django_client.force_login(owner)
    session = django_client.cookies[settings.SESSION_COOKIE_NAME].value
    from advisor.services import assessment_create
    from tests.conftest import preset_answers

    revision = assessment_create(
        owner=owner, answers=preset_answers("api-for-a-mobile-app")
    ).revisions.get()
    panel = f"/jobs/revisions/{revision.pk}/exports/"
    create = f"/jobs/revisions/{revision.pk}/exports/new/"
    a, b = _browser(web_a, session), _browser(web_b, session)

    # given: the first worker, slowed, takes the PDF asked for through web B
    slow = workers.start(**{RENDER_DELAY_ENV: "120", **_machine(stack["tmp"], "worker-1")})
    assert _post(b, panel, create, {"kind": "pdf", "paper": "a4"}).status_code == 302
    pdf = ExportJob.objects.get(revision=revision, kind="pdf")
    wait_for(
        lambda: ExportJob.objects.filter(
            pk=pdf.pk, step="render", worker__startswith="w0-"
        ).exists(),
        60,
        "the slow worker to be rendering the PDF",
    )

    # when: the second worker starts, web A asks for the zip, the first worker is killed
    workers.start(**_machine(stack["tmp"], "worker-2"))
    zip_request_id = "several-machines-zip-0001"
    assert _post(a, panel, create, {"kind": "scaffold"}, zip_request_id).status_code == 302
    slow.kill()
    scaffold = ExportJob.objects.get(revision=revision, kind="scaffold")
    wait_for(
        lambda: ExportJob.objects.filter(pk__in=[pdf.pk, scaffold.pk], state="done").count() == 2,
        JOBS_TIMEOUT_S,
        "both exports to be built",
    )
    built_s = time.monotonic() - started
    pdf.refresh_from_db()
    scaffold.refresh_from_db()
    zip_bytes = _download(b, scaffold)  # asked for through A, fetched through B
    pdf_bytes = _download(a, pdf)  # asked for through B, fetched through A
    objects = moto.keys()

    # then: built by the worker still alive, the PDF after its first worker died
    assert pdf.worker.startswith("w1-") and pdf.attempts == 2
    assert scaffold.worker.startswith("w1-") and scaffold.attempts == 1
    assert zipfile.ZipFile(io.BytesIO(zip_bytes)).testzip() is None
    assert len(PdfReader(io.BytesIO(pdf_bytes)).pages) > 1
    assert objects == sorted([pdf.artefact.name, scaffold.artefact.name])
    assert _machine_files(stack["tmp"]) == []  # nothing written to any machine's disk

    # then: the request id of web A's request is in the worker's JSON log of that job
    logged = [
        json.loads(line)
        for line in workers.started[1].log.read_text(errors="replace").splitlines()
        if line.startswith("{")
    ]
    assert any(
        entry.get("request_id") == zip_request_id
        and f"export job {scaffold.pk}" in entry["message"]
        for entry in logged
    ), logged[-20:]

    # then: both web processes are ready, and web A's metrics count what happened
    for web in (web_a, web_b):
        ready = httpx.get(f"{web.url}/readyz", timeout=10)
        assert ready.status_code == 200, ready.text
    metrics = httpx.get(
        f"{web_a.url}/metrics", headers={"Authorization": f"Bearer {METRICS_TOKEN}"}
    ).text
    assert 'advisor_export_jobs{kind="pdf",state="done"} 1.0' in metrics
    assert re.search(
        r'advisor_http_requests_total\{method="POST",status="302",view="jobs:export_create"\} 1\.0',
        metrics,
    ), metrics

    # when: the assessment is deleted through web A
    assert _post(a, panel, f"/assessments/{revision.assessment_id}/delete/", {}).status_code == 302

    # then: its objects are gone
    assert not Assessment.objects.filter(pk=revision.assessment_id).exists()
    wait_for(lambda: moto.keys() == [], 10, "the objects to be removed")
    print(
        f"several machines: 2 web processes (gunicorn, 2 processes each) and 2 workers, "
        f"2 export jobs (1 taken over after SIGKILL), built in {built_s:.1f} s, "
        f"{time.monotonic() - started:.1f} s in all; objects created {len(objects)}, "
        f"removed {len(objects) - len(moto.keys())}, local files 0"
    )
