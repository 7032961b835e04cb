"""Shared fixtures: the four presets as personas' workloads."""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from django.test import override_settings
from hypothesis import settings

from advisor.engine.workload import Workload

TESTS_DIR = Path(__file__).resolve().parent
PRESETS_DIR = TESTS_DIR.parent / "knowledge" / "presets"
PRESET_NAMES = sorted(path.stem for path in PRESETS_DIR.glob("*.yaml"))

# Hypothesis profiles (`--hypothesis-profile NAME` picks one by hand):
# - "ci", under CI=true: Hypothesis's own CI profile (derandomized: the same generated inputs
#   each run, so a red build is the change's doing and reproducible; no deadline, no example
#   database) with 100 examples, the base the tests scale from (`examples(times)`).
# - "dev", everywhere else: a tenth of that and fresh inputs each run, for the edit-test
#   loop; failures found earlier are replayed from .hypothesis/ first.
# Loaded here, before the test modules build their own settings on top of the active profile.
CI_EXAMPLES = 100
settings.register_profile(
    "ci", settings.get_profile("ci"), derandomize=True, max_examples=CI_EXAMPLES
)
settings.register_profile("dev", settings.get_profile("default"), max_examples=CI_EXAMPLES // 10)
settings.load_profile("ci" if os.environ.get("CI", "").lower() in {"1", "true", "yes"} else "dev")


def examples(times: float) -> int:
    """`times` the active profile's example count: for a test that needs more examples than
    the base, relative to it, so the dev profile shrinks it too (CI: `times` x 100)."""
    return max(1, round(settings().max_examples * times))


# The slow suites, left out by `make test-fast` (`-m "not slow"`): each test in them gets its
# suite's marker and `slow`, by where it lives or by a fixture it uses, so a test added there
# later is marked without anyone having to remember (markers: pyproject.toml).
SLOW_SUITES_BY_PATH = {
    "browser/": "browser",
    "security/test_csp_in_browser.py": "browser",
    "render/test_scaffold_validators.py": "scaffold_validation",
    "render/test_scaffold_typescript.py": "scaffold_validation",
    "render/test_scaffold_stores.py": "scaffold_stores",  # moto's server and PostgreSQL
    "render/test_report.py": "pdf",
    "commands/test_advise_pdf.py": "pdf",
    "load/": "load",
    "faults/": "faults",
    "chaos/": "faults",  # random faults under real workers (tests/chaos)
    "jobs/test_export_with_worker.py": "workers",
    "jobs/test_production_stack.py": "workers",
    "jobs/test_s3_storage.py": "s3",
    "ops/test_several_machines.py": "s3",  # and workers, by its fixture
    "fuzz/test_openapi_schemathesis.py": "fuzz",  # ~95 s: every operation, generated calls
    "fuzz/test_commands_fuzz.py": "fuzz",  # ~20 s: a real shell per case
}
SLOW_SUITES_BY_FIXTURE = {
    "browser": "browser",  # tests/browser/conftest.py: a real Chromium
    "workers": "workers",  # tests/jobs/conftest.py: real Celery worker processes
    "stack": "workers",  # tests/ops/test_several_machines.py: gunicorn and workers
    "validator_results": "scaffold_validation",  # cfn-lint, checkov... on generated repos
}

# Run in one process of their own, beside the others (`make test`: `-m single_process`):
# - schemathesis gives all the generated tests of a test function one node id, and
#   pytest-xdist, which hands tests to its processes by node id, would run only one of them;
# - the suites that spend minutes waiting on real servers and workers (the PostgreSQL +
#   Redis rerun, the chaos run, the restarts) would hold one of the two xdist processes
#   while using little CPU: beside the others, the CPU-bound tests get both processes
#   (measured on 2 cores: 21 min for `make test` with them in the xdist run).
SINGLE_PROCESS_PATHS = (
    "fuzz/test_openapi_schemathesis.py",
    "jobs/test_production_stack.py",
    "chaos/",
    "faults/test_database_restart.py",
    "faults/test_broker_restart.py",
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """A test that shares its node id with another must be single_process, or pytest-xdist
    would silently run one of them (checked on the whole session, before deselection)."""
    seen: set[str] = set()
    repeated = set()
    for item in items:
        if item.get_closest_marker("single_process") is None:
            (repeated if item.nodeid in seen else seen).add(item.nodeid)
    if repeated:
        raise pytest.UsageError(
            "these tests share a node id; mark them single_process in tests/conftest.py: "
            + ", ".join(sorted(repeated))
        )


def pytest_itemcollected(item: pytest.Item) -> None:
    # Before deselection (`-m`), which happens once the whole session is collected.
    if not item.path.is_relative_to(TESTS_DIR):
        return
    where = item.path.relative_to(TESTS_DIR).as_posix()
    suites = {suite for prefix, suite in SLOW_SUITES_BY_PATH.items() if where.startswith(prefix)}
    fixtures = getattr(item, "fixturenames", ())
    suites |= {suite for name, suite in SLOW_SUITES_BY_FIXTURE.items() if name in fixtures}
    for suite in sorted(suites):
        item.add_marker(suite)
    if where.startswith(SINGLE_PROCESS_PATHS):
        item.add_marker("single_process")
    if suites:
        item.add_marker("slow")


@pytest.fixture(scope="session", autouse=True)
def _fast_password_hashing() -> Iterator[None]:
    """Django's default hasher spends ~0.25 s of CPU per password on purpose, and the tests
    make and log in hundreds of users; no test is about the hash itself. Processes the tests
    start (workers, gunicorn, manage.py) keep the production hashers."""
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


def free_port() -> int:
    """A TCP port nothing listens on at the moment, on 127.0.0.1."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def load_workload(answers: dict) -> Workload:
    """Validate answers through the one questionnaire form, as every entry point does."""
    from advisor.forms import WorkloadForm

    form = WorkloadForm(data=answers, reject_unknown=True)
    assert form.is_valid(), form.errors.as_json()
    return form.workload()


def preset_answers(name: str) -> dict:
    return yaml.safe_load((PRESETS_DIR / f"{name}.yaml").read_text(encoding="utf-8"))


@pytest.fixture(params=PRESET_NAMES)
def preset_workload(request) -> Workload:
    return load_workload(preset_answers(request.param))


@pytest.fixture
def mobile_api() -> Workload:
    return load_workload(preset_answers("api-for-a-mobile-app"))


@pytest.fixture
def nightly_batch() -> Workload:
    return load_workload(preset_answers("nightly-batch-job"))


@pytest.fixture
def realtime_chat() -> Workload:
    return load_workload(preset_answers("real-time-chat"))


@pytest.fixture
def video_pipeline() -> Workload:
    return load_workload(preset_answers("video-processing-pipeline"))


@pytest.fixture
def shared_caches(settings, tmp_path):
    """Empty shared caches of their own for pictures and saved revisions' engine answers
    (files, as on the embedded default)."""
    file_cache = "django.core.cache.backends.filebased.FileBasedCache"
    settings.CACHES = {
        **settings.CACHES,
        "pictures": {"BACKEND": file_cache, "LOCATION": str(tmp_path / "pictures")},
        "results": {"BACKEND": file_cache, "LOCATION": str(tmp_path / "results")},
    }
    return tmp_path
