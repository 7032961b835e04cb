"""Shared fixtures: the four presets as personas' workloads."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import yaml
from hypothesis import settings

from advisor.engine.workload import Workload

PRESETS_DIR = Path(__file__).resolve().parents[1] / "knowledge" / "presets"
PRESET_NAMES = sorted(path.stem for path in PRESETS_DIR.glob("*.yaml"))

# In CI the generated inputs are the same every run, so a red build is the change's doing
# and reproducible; on a developer's machine each run tries new inputs. (Loaded here,
# before the test modules build their own settings on top of the active profile.)
settings.register_profile("ci", derandomize=True)
if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
    settings.load_profile("ci")


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
