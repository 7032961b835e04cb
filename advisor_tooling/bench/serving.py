"""What the web server costs, measured against gunicorn on 127.0.0.1 (advisor_tooling/loadtest.py
starts it with a fresh database): the live panel with ten people typing, the result page
of a workload no process has seen, and the 50-user load test."""

from __future__ import annotations

import html
import os
import random
import shutil
import socket
import statistics
import subprocess
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import urlencode

import httpx

from advisor_tooling.loadtest import (
    IMG_SRC,
    PASSWORD,
    PRESETS_DIR,
    USERNAME,
    Server,
    gunicorn_server,
    run_load_test,
)

TYPING_CLIENTS, UPDATES_PER_CLIENT, TYPING_THINK_S = 10, 40, 0.3
RESULT_PAGES = 12  # new workloads saved, each result page fetched once: the median is kept
PRESET = "api-for-a-mobile-app"
LOAD_USERS, LOAD_S = 50, 60
PG_PORT = 5432
PG_SERVER_URL = os.environ.get("ADVISOR_BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432")


def _percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def _answers() -> dict[str, Any]:
    import yaml

    return yaml.safe_load((PRESETS_DIR / f"{PRESET}.yaml").read_text(encoding="utf-8"))


def _timed(client: httpx.Client, method: str, url: str, **kwargs: Any) -> tuple[float, Any]:
    started = time.perf_counter()
    response = client.request(method, url, **kwargs)
    elapsed_ms = (time.perf_counter() - started) * 1000
    if response.status_code not in (200, 302):
        raise RuntimeError(f"{method} {url} answered {response.status_code}")
    return elapsed_ms, response


def _form(answers: dict[str, Any], rng: random.Random) -> str:
    """The preset as the questionnaire posts it, with a new average rate (no cache holds it)."""
    return urlencode(
        {**answers, "avg_rps": f"{rng.uniform(1, 299):.3f}", "sensitive_data": "true"}
        | {"triggers": "http"}
    )


def _typing(server: Server, think_s: float) -> list[float]:
    """TYPING_CLIENTS people typing at once: each sends a live update every ~think_s."""
    answers, samples = _answers(), []

    def client() -> None:
        rng = random.Random()
        with httpx.Client(base_url=server.base_url, timeout=10) as http:
            http.get("/assess/")
            headers = {
                "X-CSRFToken": http.cookies["csrftoken"],
                "HX-Request": "true",
                "Content-Type": "application/x-www-form-urlencoded",
            }
            for _ in range(UPDATES_PER_CLIENT):
                elapsed, _ = _timed(
                    http, "POST", "/assess/", content=_form(answers, rng), headers=headers
                )
                samples.append(elapsed)
                time.sleep(think_s * rng.uniform(0.5, 1.5))

    threads = [threading.Thread(target=client) for _ in range(TYPING_CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return samples


def _logged_in(server: Server) -> httpx.Client:
    http = httpx.Client(base_url=server.base_url, timeout=30)
    page = http.get("/accounts/login/").text
    token = page.split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]
    form = {"username": USERNAME, "password": PASSWORD, "csrfmiddlewaretoken": token}
    _timed(http, "POST", "/accounts/login/", data=form)
    return http


def _result_pages(server: Server) -> dict[str, float | None]:
    """Save a new workload, then fetch its result page (no process has drawn it yet) and the
    pictures the page shows, one after the other; then the page again (cached)."""
    answers, rng = _answers(), random.Random(17)
    pages, pictures, again = [], [], []
    http = _logged_in(server)
    try:
        headers = {"Content-Type": "application/x-www-form-urlencoded"}
        for _ in range(RESULT_PAGES):
            body = (
                _form(answers, rng)
                + "&"
                + urlencode({"csrfmiddlewaretoken": http.cookies["csrftoken"]})
            )
            _, saved = _timed(http, "POST", "/assess/save/", content=body, headers=headers)
            url = saved.headers["location"]
            elapsed, page = _timed(http, "GET", url)
            pages.append(elapsed)
            sources = [html.unescape(src) for src in IMG_SRC.findall(page.text)]
            if sources:
                pictures.append(sum(_timed(http, "GET", src)[0] for src in sources))
            again.append(_timed(http, "GET", url)[0])
    finally:
        http.close()
    return {
        "result_page_ms_uncached": round(statistics.median(pages), 1),
        "result_page_ms": round(statistics.median(again), 1),
        "result_pictures_ms_uncached": round(statistics.median(pictures), 1) if pictures else None,
    }


def measure_serving() -> dict[str, float | None]:
    """Live-panel round trips (htmx POST -> rendered partial) with ten people typing, then
    back to back (saturated) to show the headroom; and the result page of a new workload.
    Each live update changes the average rate, so no cache answers for the engine."""
    with gunicorn_server() as server:
        _typing(server, 0.05)  # warm up every worker (imports, knowledge files, templates)
        typing, saturated = _typing(server, TYPING_THINK_S), _typing(server, 0.0)
        results = _result_pages(server)
    return {
        "live_update_ms_p50": round(statistics.median(typing), 1),
        "live_update_ms_p95": round(_percentile(typing, 0.95), 1),
        "live_update_ms_p95_saturated": round(_percentile(saturated, 0.95), 1),
        "live_update_clients": TYPING_CLIENTS,
        **results,
    }


def measure_load() -> dict[str, float]:
    """50 simulated users (live updates, saves, result pages, and the pictures a browser
    fetches for them) for 60 s against gunicorn on 127.0.0.1 (advisor_tooling/loadtest.py), on the
    embedded stack (SQLite, files)."""
    return _load_figures("load", run_load_test(users=LOAD_USERS, duration_s=LOAD_S))


def measure_load_production() -> dict[str, float]:
    """The same load on the production stack: PostgreSQL (a database of its own on the
    machine's server) and a private Redis for the shared cache; skipped (no keys) when
    either is not there."""
    if shutil.which("redis-server") is None or not _answers_on(PG_PORT):
        return {}
    database = f"advisor_load_{uuid.uuid4().hex[:8]}"
    _postgres(f'CREATE DATABASE "{database}"')
    try:
        with _private_redis() as redis_url:
            figures = run_load_test(
                users=LOAD_USERS,
                duration_s=LOAD_S,
                database_url=f"{PG_SERVER_URL}/{database}",
                cache_url=redis_url,
            )
    finally:
        _postgres(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
    return _load_figures("load_prod", figures)


def _load_figures(prefix: str, figures: dict[str, Any]) -> dict[str, float]:
    overall = figures["all"]
    kinds = ("live", "save", "result", "picture")
    return {
        f"{prefix}_users": figures["users"],
        f"{prefix}_offered_rps": figures["offered_rps"],
        f"{prefix}_rps": figures["served_rps"],
        f"{prefix}_requests_rps": overall["rps"],
        f"{prefix}_ms_p50": overall["ms_p50"],
        f"{prefix}_ms_p95": overall["ms_p95"],
        f"{prefix}_ms_p99": overall["ms_p99"],
        f"{prefix}_errors": overall["errors"],
        f"{prefix}_server_cpu_s": figures["server_cpu_s"],
        f"{prefix}_client_cpu_s": figures["client_cpu_s"],
        **{f"{prefix}_{kind}_ms_p95": figures[kind]["ms_p95"] for kind in kinds if kind in figures},
        **{f"{prefix}_{kind}_rps": figures[kind]["rps"] for kind in kinds if kind in figures},
    }


def _answers_on(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
    except OSError:
        return False
    return True


def _postgres(sql: str) -> None:
    import psycopg

    with psycopg.connect(f"{PG_SERVER_URL}/postgres", autocommit=True) as conn:
        conn.execute(sql)


@contextmanager
def _private_redis() -> Iterator[str]:
    """A redis-server of our own on a free port, keeping nothing on disk; its URL."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        [
            "redis-server",
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
        ],
        stdout=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 10
        while not _answers_on(port):
            if time.monotonic() > deadline:
                raise RuntimeError("the private redis-server did not start")
            time.sleep(0.05)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        server.terminate()
        server.wait(10)
