"""What the web server costs, measured against gunicorn on 127.0.0.1 (advisor/loadtest.py
starts it with a fresh database): the live panel with ten people typing, the result page
of a workload no process has seen, and the 50-user load test."""

from __future__ import annotations

import html
import random
import statistics
import threading
import time
from typing import Any
from urllib.parse import urlencode

import httpx

from advisor.loadtest import (
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
    fetches for them) for 60 s against gunicorn on 127.0.0.1 (advisor/loadtest.py)."""
    figures = run_load_test(users=50, duration_s=60)
    overall = figures["all"]
    kinds = ("live", "save", "result", "picture")
    return {
        "load_users": figures["users"],
        "load_offered_rps": figures["offered_rps"],
        "load_rps": figures["served_rps"],
        "load_requests_rps": overall["rps"],
        "load_ms_p50": overall["ms_p50"],
        "load_ms_p95": overall["ms_p95"],
        "load_ms_p99": overall["ms_p99"],
        "load_errors": overall["errors"],
        "load_server_cpu_s": figures["server_cpu_s"],
        "load_client_cpu_s": figures["client_cpu_s"],
        **{f"load_{kind}_ms_p95": figures[kind]["ms_p95"] for kind in kinds if kind in figures},
        **{f"load_{kind}_rps": figures[kind]["rps"] for kind in kinds if kind in figures},
    }
