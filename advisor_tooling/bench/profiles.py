"""`manage.py bench --profile KIND`: where one kind of request spends its CPU.

Runs in a child process (`python -m advisor_tooling.bench.profiles KIND`) with a temporary SQLite
database and picture cache, so nothing touches the checkout's own database: Django's test
client sends the requests in-process, cProfile records them, and the report gives the CPU
milliseconds per request (median, profiler off), the share of the profiled time by area
and the functions with the most cumulative time. Kinds:

- live: the live panel's htmx POST with a new average rate (no cache holds the answer);
- result: the result page of a workload just saved (no process has seen it);
- pictures: that page's three pictures, drawn into an empty picture cache;
- pdf: the decision report of a typical workload, warm (after one render).
"""

from __future__ import annotations

import cProfile
import io
import os
import pstats
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[2]
KINDS = ("live", "result", "pictures", "pdf")
RUNS = {"live": 100, "result": 30, "pictures": 20, "pdf": 3}
# Where a function's own time is counted, by the first fragment of its file's path found.
AREAS = (
    ("advisor/engine/", "engine (advisor/engine)"),
    ("rule_engine/", "engine (advisor/engine)"),
    ("advisor/render/", "pictures (advisor/render)"),
    ("matplotlib/", "pictures (advisor/render)"),  # the charts' renderer before 2026-11-30
    ("weasyprint/", "WeasyPrint"),
    ("tinycss2/", "WeasyPrint"),
    ("cssselect2/", "WeasyPrint"),
    ("pydyf/", "WeasyPrint"),
    ("django/template/", "templates"),
    ("template_partials/", "templates"),
    ("django/forms/", "form"),
    ("advisor/forms.py", "form"),
    ("django/db/", "database"),
    ("sqlite3", "database"),
    ("subprocess.py", "graphviz (dot)"),
    ("graphviz/", "graphviz (dot)"),
)


def profile_in_child(kind: str) -> str:
    """The report for `kind`, made in a child process with a database of its own."""
    with tempfile.TemporaryDirectory() as tmp:
        env = {
            **os.environ,
            "DATABASE_URL": f"sqlite:///{tmp}/profile.sqlite3",
            "ADVISOR_VAR_DIR": f"{tmp}/var",
            "DJANGO_MEDIA_ROOT": f"{tmp}/media",
            "DJANGO_LOG_LEVEL": "ERROR",
        }
        done = subprocess.run(
            [sys.executable, "-m", "advisor_tooling.bench.profiles", kind],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        return done.stdout


def _cpu_s() -> float:
    """This process's CPU time with its finished children's (graphviz's `dot`)."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def _area(filename: str) -> str:
    return next((area for fragment, area in AREAS if fragment in filename), "other")


def _shares(stats: dict) -> Counter[str]:
    """Own time by area. A function of no area (a builtin, the standard library) counts for
    the area of whoever called it, following the callers up a few levels."""
    found: dict[tuple, str] = {}

    def area_of(function: tuple, depth: int = 0) -> str:
        if function not in found:
            found[function] = _area(function[0])
            if found[function] == "other" and depth < 6:
                callers = stats[function][4]
                heaviest = max(callers, key=lambda caller: callers[caller][2], default=None)
                if heaviest is not None:
                    found[function] = area_of(heaviest, depth + 1)
        return found[function]

    shares: Counter[str] = Counter()
    for function, (_, _, own_s, _, _) in stats.items():
        shares[area_of(function)] += own_s
    return shares


def report(
    kind: str, prepare: Callable[[], object], measured: Callable[[object], object], runs: int
) -> str:
    """Time then profile `measured(prepare())`, `runs` times each; preparing (saving a new
    workload, say) is neither timed nor profiled."""
    measured(prepare())  # warm
    samples = []
    profile = cProfile.Profile()
    for _ in range(runs):
        prepared = prepare()
        started = _cpu_s()
        measured(prepared)
        samples.append((_cpu_s() - started) * 1000)
    for _ in range(runs):
        prepared = prepare()
        profile.enable()
        measured(prepared)
        profile.disable()
    shares = _shares(pstats.Stats(profile).stats)  # type: ignore[attr-defined]
    total = sum(shares.values()) or 1.0
    out = io.StringIO()
    out.write(f"{kind}: {statistics.median(samples):.1f} ms CPU per request (median of {runs})\n")
    out.write("share of the profiled time: ")
    out.write(", ".join(f"{area} {own / total:.0%}" for area, own in shares.most_common()))
    out.write("\n\n")
    pstats.Stats(profile, stream=out).sort_stats("cumulative").print_stats(45)
    return out.getvalue()


def _case(kind: str) -> tuple[Callable[[], object], Callable[[object], object]]:
    """(prepare, measured) for one request of `kind` (in the child, Django set up)."""
    import datetime as dt

    import yaml
    from django.contrib.auth import get_user_model
    from django.test import Client

    from advisor.engine import evaluate
    from advisor.questionnaire import workload_from_file
    from advisor.render.report import report_pdf
    from advisor_tooling.loadtest import IMG_SRC, PRESETS_DIR, _form

    if kind == "pdf":
        workload = workload_from_file(PRESETS_DIR / "api-for-a-mobile-app.yaml")
        result = evaluate(workload)
        return lambda: None, lambda _: report_pdf(
            workload=workload, assessment=result, generated_on=dt.date(2026, 1, 1)
        )
    presets = [yaml.safe_load(p.read_text()) for p in sorted(PRESETS_DIR.glob("*.yaml"))]
    rng = random.Random(7)
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(get_user_model().objects.create_user("profile", password="unused-pw-1"))
    form_type = "application/x-www-form-urlencoded"

    def body() -> str:
        return urlencode(_form(rng.choice(presets), rng))

    def saved() -> str:
        return client.post("/assess/save/", body(), content_type=form_type)["location"]

    if kind == "live":
        return body, lambda posted: client.post(
            "/assess/", posted, content_type=form_type, HTTP_HX_REQUEST="true"
        )
    if kind == "result":
        return saved, client.get
    return lambda: client.get(saved()).content.decode(), lambda page: [
        client.get(src) for src in IMG_SRC.findall(page)
    ]


if __name__ == "__main__":
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "advisor.settings")
    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    chosen = sys.argv[1]
    print(report(chosen, *_case(chosen), RUNS[chosen]))
