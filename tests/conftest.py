"""Shared fixtures: the four presets as personas' workloads."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import yaml
from hypothesis import settings

from advisor.engine.workload import Workload

TESTS_DIR = Path(__file__).resolve().parent
PRESETS_DIR = TESTS_DIR.parent / "knowledge" / "presets"
PRESET_NAMES = sorted(path.stem for path in PRESETS_DIR.glob("*.yaml"))

# In CI the generated inputs are the same every run, so a red build is the change's doing
# and reproducible; on a developer's machine each run tries new inputs. (Loaded here,
# before the test modules build their own settings on top of the active profile.)
settings.register_profile("ci", derandomize=True)
if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
    settings.load_profile("ci")


# The slow suites, left out by `make test-fast` (`-m "not slow"`): each test in them gets its
# suite's marker and `slow`, by where it lives or by a fixture it uses, so a test added there
# later is marked without anyone having to remember (markers: pyproject.toml).
SLOW_SUITES_BY_PATH = {
    "browser/": "browser",
    "security/test_csp_in_browser.py": "browser",
    "render/test_scaffold_validators.py": "scaffold_validation",
    "load/": "load",
    "faults/": "faults",
    "jobs/test_export_with_worker.py": "workers",
    "jobs/test_production_stack.py": "workers",
}
SLOW_SUITES_BY_FIXTURE = {
    "browser": "browser",  # tests/browser/conftest.py: a real Chromium
    "workers": "workers",  # tests/jobs/conftest.py: real Celery worker processes
    "validator_results": "scaffold_validation",  # cfn-lint, checkov... on generated repos
}


def pytest_itemcollected(item: pytest.Item) -> None:
    # Before deselection (`-m`), which happens once the whole session is collected.
    where = item.path.relative_to(TESTS_DIR).as_posix()
    suites = {suite for prefix, suite in SLOW_SUITES_BY_PATH.items() if where.startswith(prefix)}
    fixtures = getattr(item, "fixturenames", ())
    suites |= {suite for name, suite in SLOW_SUITES_BY_FIXTURE.items() if name in fixtures}
    for suite in sorted(suites):
        item.add_marker(suite)
    if suites:
        item.add_marker("slow")


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
