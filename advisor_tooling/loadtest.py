"""A load test against gunicorn on 127.0.0.1: simulated users typing in the questionnaire
(htmx live updates), saving, and reading their result pages.

`run_load_test()` starts its own gunicorn on a free loopback port with a fresh, migrated
database (a temporary SQLite file, or a PostgreSQL URL given to it) and one pre-created
user; every simulated user logs in once, then acts on a schedule of its own (live update,
save or result page, one every 0.15–0.45 s) until the time is up. The schedule does not
wait for the server: a late answer makes the next action go out at once, so the rate the
users offer is fixed in advance and a slow server shows as served < offered. Like a
browser, a user then fetches the pictures the page shows (`<img src>`) that it has not
fetched before. Requests go only to 127.0.0.1, each with a timeout, and the run stops by
itself. Used by `manage.py loadtest`, the bench and tests/load/.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import html
import logging
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import httpx
import yaml

ROOT = Path(__file__).resolve().parent.parent
PRESETS_DIR = ROOT / "knowledge" / "presets"
USERNAME = "loadtest"
PASSWORD = "load-test-password-4827"  # a throwaway account in a throwaway database
# What a user does, by weight: mostly typing (each pause sends a live update), sometimes
# reading a result page, now and then saving.
MIX = {"live": 0.6, "result": 0.25, "save": 0.15}
EXPECTED_STATUS = {"login": 302, "live": 200, "result": 200, "save": 302, "picture": 200}
PAGE_KINDS = tuple(MIX)  # what the users offer; pictures follow the pages that show them
THINK_S = 0.3  # the live panel's debounce: a typing user sends about this often
REQUEST_TIMEOUT_S = 30.0  # a request slower than this counts as an error (a hang)
KEEPALIVE_EXPIRY_S = 1.0
SERVER_READY_TIMEOUT_S = 60.0
LOGIN_TRIES = 5
LOOPBACK = "http://127.0.0.1:"  # never anyone else's server
# The load test's own server lets its users log in at once (the login limit is per address,
# and every simulated user comes from 127.0.0.1).
SERVER_ENV = {
    "DJANGO_DEBUG": "false",
    "ADVISOR_RATE_LIMIT_LOGIN": "100000/m",
    "DJANGO_LOG_LEVEL": "WARNING",
}
logging.getLogger("httpx").setLevel(logging.WARNING)  # not a line per request
_CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
IMG_SRC = re.compile(r'<img\b[^>]*?\bsrc="(/[^"]+)"')


@dataclass(frozen=True)
class Sample:
    kind: str
    started_s: float  # since the run began
    latency_ms: float
    status: int  # 0 when no response came (refused, reset, timed out)
    ok: bool
    error: str = ""


@dataclass
class Server:
    base_url: str
    process: subprocess.Popen
    log: Path
    env: dict[str, str] = field(repr=False)

    def log_tail(self, chars: int = 4000) -> str:
        return self.log.read_text(errors="replace")[-chars:]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _manage(env: dict[str, str], *args: str) -> None:
    subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        timeout=300,
    )


def database_prepare(env: dict[str, str]) -> None:
    """Migrate the database in env's DATABASE_URL and create the load test's user."""
    _manage(env, "migrate", "--noinput", "-v", "0")
    _manage(
        env,
        "shell",
        "-c",
        "from django.contrib.auth import get_user_model as m; "
        f"m().objects.filter(username={USERNAME!r}).exists() or "
        f"m().objects.create_user({USERNAME!r}, password={PASSWORD!r})",
    )


@contextmanager
def gunicorn_server(
    *,
    database_url: str | None = None,
    workers: int | None = None,
    threads: int = 4,
    extra_env: dict | None = None,
) -> Iterator[Server]:
    """gunicorn on a free 127.0.0.1 port with a migrated database; stopped on exit."""
    tmp = Path(tempfile.mkdtemp(prefix="advisor-load-"))
    env = {
        **os.environ,
        **SERVER_ENV,
        "DATABASE_URL": database_url or f"sqlite:///{tmp / 'load.sqlite3'}",
        "DJANGO_MEDIA_ROOT": str(tmp / "media"),
        "ADVISOR_VAR_DIR": str(tmp / "var"),  # its own picture cache and broker folder
        **(extra_env or {}),
    }
    port, log = _free_port(), tmp / "gunicorn.log"
    try:
        database_prepare(env)
        process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "advisor.wsgi", "-b", f"127.0.0.1:{port}"]
            + [
                "-w",
                str(workers or os.cpu_count() or 2),
                "-k",
                "gthread",
                "--threads",
                str(threads),
            ]
            + ["--timeout", "60", "--log-level", "warning"],
            cwd=ROOT,
            env=env,
            stdout=log.open("wb"),
            stderr=subprocess.STDOUT,
            start_new_session=True,  # the whole group is stopped on exit
        )
        server = Server(f"http://127.0.0.1:{port}", process, log, env)
        try:
            _wait_until_serving(server)
            yield server
        finally:
            _stop(process)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _wait_until_serving(server: Server) -> None:
    deadline = time.monotonic() + SERVER_READY_TIMEOUT_S
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"gunicorn exited:\n{server.log_tail()}")
        try:
            if httpx.get(f"{server.base_url}/", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not answer within {SERVER_READY_TIMEOUT_S} s")


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(10)


# --- the simulated users ----------------------------------------------------------------


def _presets() -> list[dict[str, Any]]:
    return [
        yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted(PRESETS_DIR.glob("*.yaml"))
    ]


def _form(answers: dict[str, Any], rng: random.Random) -> list[tuple[str, str]]:
    """A preset as the browser posts it, with a new average rate each time (as if typed),
    so no cache answers for the engine."""
    avg_rps = float(answers["avg_rps"]) * rng.uniform(0.5, 1.0)
    pairs = [("avg_rps", f"{avg_rps:.3f}")]
    for name, value in answers.items():
        if name in ("avg_rps", "assumptions") or value is None or value is False:
            continue
        if isinstance(value, list):
            pairs += [(name, str(item)) for item in value]
        else:
            pairs.append((name, "true" if value is True else str(value)))
    return pairs


class _User:
    def __init__(self, client: httpx.AsyncClient, rng: random.Random, t0: float) -> None:
        self.client, self.rng, self.t0 = client, rng, t0
        self.samples: list[Sample] = []
        self.csrf = ""
        self.result_url = ""
        self.offered = 0  # actions whose time came before the deadline
        self.pictures: set[str] = set()  # the browser's cache: picture addresses it holds

    async def _send(
        self,
        kind: str,
        method: str,
        url: str,
        form: list[tuple[str, str]] | None = None,
        headers: dict[str, str] | None = None,
    ) -> httpx.Response | None:
        kwargs: dict[str, Any] = {"headers": dict(headers or {})}
        if form is not None:  # httpx takes pairs (a repeated "triggers") only as a body
            kwargs["content"] = urlencode(form)
            kwargs["headers"]["Content-Type"] = "application/x-www-form-urlencoded"
        started = time.monotonic()
        try:
            response = await self.client.request(method, url, **kwargs)
        except httpx.HTTPError as exc:
            self._record(kind, started, 0, f"{type(exc).__name__}: {exc}")
            return None
        ok = response.status_code == EXPECTED_STATUS[kind]
        self._record(kind, started, response.status_code, "" if ok else response.text[:200])
        return response

    def _record(self, kind: str, started: float, status: int, error: str) -> None:
        now = time.monotonic()
        self.samples.append(
            Sample(kind, started - self.t0, (now - started) * 1000, status, not error, error)
        )

    async def log_in(self) -> bool:
        page = await self.client.get("/accounts/login/")
        match = _CSRF_FIELD.search(page.text)
        self.csrf = self.client.cookies.get("csrftoken", "")
        token = match.group(1) if match else ""
        form = [("username", USERNAME), ("password", PASSWORD), ("csrfmiddlewaretoken", token)]
        response = await self._send("login", "POST", "/accounts/login/", form)
        self.csrf = self.client.cookies.get("csrftoken", self.csrf)
        return response is not None and response.status_code == 302

    async def live(self, answers: dict[str, Any]) -> None:
        headers = {"HX-Request": "true", "X-CSRFToken": self.csrf}
        response = await self._send("live", "POST", "/assess/", _form(answers, self.rng), headers)
        await self._pictures(response)

    async def save(self, answers: dict[str, Any]) -> None:
        form = [*_form(answers, self.rng), ("csrfmiddlewaretoken", self.csrf)]
        response = await self._send("save", "POST", "/assess/save/", form)
        if response is not None and response.status_code == 302:
            self.result_url = response.headers["location"]

    async def result(self) -> None:
        await self._pictures(await self._send("result", "GET", self.result_url))

    async def _pictures(self, page: httpx.Response | None) -> None:
        """The page's pictures this browser does not hold yet, fetched side by side as a
        browser does; each is kept once fetched (their answers say they may be)."""
        if page is None or page.status_code != 200:
            return
        wanted = {html.unescape(src) for src in IMG_SRC.findall(page.text)} - self.pictures
        self.pictures |= wanted
        await asyncio.gather(*(self._send("picture", "GET", src) for src in sorted(wanted)))


async def _logged_in_user(client: httpx.AsyncClient, seed: int) -> _User:
    """Log in (before the clock starts: password hashing is slow on purpose, and 50 users
    logging in at once is not the traffic being measured)."""
    user = _User(client, random.Random(seed), time.monotonic())
    for _ in range(LOGIN_TRIES):
        if await user.log_in():
            return user
        await asyncio.sleep(1)
    raise RuntimeError(f"a load test user could not log in: {user.samples[-1:]}")


async def _user_loop(user: _User, deadline: float, presets: list[dict[str, Any]]) -> None:
    """Act on a schedule made in advance: the next action is due a pause after the last
    one was due, however long its answer took (one request at a time, as one browser tab).
    Nothing new goes out after the deadline; what was due by then still counts as offered."""
    rng = user.rng
    due = time.monotonic() + rng.uniform(0, THINK_S)  # users do not all click at once
    while due < deadline:
        await asyncio.sleep(max(0.0, due - time.monotonic()))
        user.offered += 1
        due += THINK_S * rng.uniform(0.5, 1.5)
        if time.monotonic() >= deadline:
            continue  # time is up: what was still due counts as offered, not served
        answers = rng.choice(presets)
        kind = rng.choices(list(MIX), weights=list(MIX.values()))[0]
        if kind == "save" or not user.result_url:
            await user.save(answers)
        elif kind == "result":
            await user.result()
        else:
            await user.live(answers)


@dataclass(frozen=True)
class LoadRun:
    samples: list[Sample]
    offered: int  # actions the users' schedules made due before the deadline
    client_cpu_s: float  # CPU time this process (the users) spent during the timed part


def load_samples(**options: Any) -> list[Sample]:
    """Every timed request's sample of `load_run(**options)` (log-ins are not among them)."""
    return load_run(**options).samples


def load_run(
    *,
    base_url: str,
    users: int,
    duration_s: float,
    seed: int = 0,
    on_start: Callable[[float], None] | None = None,
) -> LoadRun:
    """Log `users` simulated users in, then run them against base_url for duration_s. The
    samples' `started_s` count from the moment the timed part begins (time.monotonic()),
    which `on_start` is told; with them, what the users offered and the CPU they took."""
    if not base_url.startswith(LOOPBACK):
        raise ValueError(f"the load test only runs against {LOOPBACK}…, not {base_url}")

    async def run() -> LoadRun:
        timeout = httpx.Timeout(REQUEST_TIMEOUT_S)
        # Idle connections are dropped before gunicorn's keep-alive (2 s) closes them, so a
        # request never goes out on a connection the server is closing (a browser retries
        # such a request by itself; httpx does not).
        limits = httpx.Limits(keepalive_expiry=KEEPALIVE_EXPIRY_S)
        # One client (one session cookie) per user, as browsers have.
        clients = [
            httpx.AsyncClient(base_url=base_url, timeout=timeout, limits=limits)
            for _ in range(users)
        ]
        try:
            people = await asyncio.gather(
                *(_logged_in_user(client, seed + i) for i, client in enumerate(clients))
            )
            t0, cpu0 = time.monotonic(), time.process_time()
            if on_start is not None:
                on_start(t0)
            for user in people:
                user.t0, user.samples = t0, []
            presets = _presets()
            await asyncio.gather(*(_user_loop(u, t0 + duration_s, presets) for u in people))
            cpu_s = time.process_time() - cpu0
        finally:
            await asyncio.gather(*(client.aclose() for client in clients))
        samples = [sample for user in people for sample in user.samples]
        return LoadRun(samples, sum(user.offered for user in people), cpu_s)

    # A thread of its own: the caller may already run an event loop (Playwright's sync API
    # leaves one in a test process), and asyncio.run() refuses to nest.
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, run()).result()


def _group_cpu_s(group: int) -> float:
    """CPU seconds of the processes in a process group (the server), with their reaped
    children (graphviz's `dot`); 0 where /proc is not there to read."""
    total_ticks = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue  # the process ended while we looked
        if int(fields[2]) == group:
            total_ticks += sum(int(value) for value in fields[11:15])  # utime..cstime
    return total_ticks / os.sysconf("SC_CLK_TCK")


# --- figures ----------------------------------------------------------------------------


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def summarise(
    samples: list[Sample], *, duration_s: float, offered: int | None = None
) -> dict[str, Any]:
    """Requests per second and p50/p95/p99 latency (ms) per kind and overall, and errors;
    with `offered`, the pages per second the users offered and the server answered."""
    figures: dict[str, Any] = {}
    if offered is not None:
        served = sum(s.ok for s in samples if s.kind in PAGE_KINDS)
        figures["offered_rps"] = round(offered / duration_s, 1)
        figures["served_rps"] = round(served / duration_s, 1)
    kinds = sorted({s.kind for s in samples})
    for name, chosen in [("all", samples)] + [
        (k, [s for s in samples if s.kind == k]) for k in kinds
    ]:
        latencies = [s.latency_ms for s in chosen] or [0.0]
        figures[name] = {
            "requests": len(chosen),
            "rps": round(len(chosen) / duration_s, 1),
            "ms_p50": round(_percentile(latencies, 0.50), 1),
            "ms_p95": round(_percentile(latencies, 0.95), 1),
            "ms_p99": round(_percentile(latencies, 0.99), 1),
            "ms_max": round(max(latencies), 1),
            "errors": sum(not s.ok for s in chosen),
        }
    figures["error_samples"] = [f"{s.kind} {s.status} {s.error}" for s in samples if not s.ok][:10]
    return figures


def run_load_test(
    *,
    users: int = 50,
    duration_s: float = 60,
    database_url: str | None = None,
    cache_url: str | None = None,
    workers: int | None = None,
) -> dict[str, Any]:
    """Start gunicorn, run the users for duration_s, stop; the figures as a dict. With
    `cache_url` (redis://...) the web processes share that cache, as in production."""
    extra_env = {"DJANGO_CACHE_URL": cache_url} if cache_url else {}
    with gunicorn_server(database_url=database_url, workers=workers, extra_env=extra_env) as server:
        group = server.process.pid  # its own session: the workers are in its group
        at_start: list[float] = []  # after the log-ins (password hashing is not measured)
        run = load_run(
            base_url=server.base_url,
            users=users,
            duration_s=duration_s,
            on_start=lambda _: at_start.append(_group_cpu_s(group)),
        )
        server_cpu_s = _group_cpu_s(group) - at_start[0]
        figures = summarise(run.samples, duration_s=duration_s, offered=run.offered)
        figures["server_cpu_s"] = round(server_cpu_s, 1)
        figures["client_cpu_s"] = round(run.client_cpu_s, 1)
        if figures["all"]["errors"]:
            figures["server_log_tail"] = server.log_tail(2000)
    return {
        "users": users,
        "duration_s": duration_s,
        "workers": workers or os.cpu_count() or 2,
        "think_s": THINK_S,
        "mix": MIX,
        **figures,
    }
