"""Dependency audit: pip-audit (from .tools-venv, `make tools`) over the project's .venv.

It needs a vulnerability service — OSV (api.osv.dev) or PyPI's JSON API — and neither may be
reachable (a machine that sees only a package mirror). Then the test is skipped with that
reason, visible in pytest's summary; ADVISOR_REQUIRE_AUDIT=1 makes it a failure instead.
"""

from __future__ import annotations

import json
import os
import subprocess
import sysconfig
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PIP_AUDIT = ROOT / ".tools-venv" / "bin" / "pip-audit"
SITE_PACKAGES = sysconfig.get_paths()["purelib"]  # this interpreter's: the project's .venv
PROBE_TIMEOUT_S = 5


def _osv_answers() -> bool:
    body = json.dumps({"package": {"name": "pip", "ecosystem": "PyPI"}, "version": "20.0"})
    request = urllib.request.Request(
        "https://api.osv.dev/v1/query",
        data=body.encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=PROBE_TIMEOUT_S) as response:
        return "vulns" in json.load(response)


def _pypi_json_answers() -> bool:
    # A mirror may serve /simple/ but not the JSON API: then every package is "not found"
    # and pip-audit would report no vulnerabilities without having checked anything.
    url = "https://pypi.org/pypi/pip/20.0/json"
    with urllib.request.urlopen(url, timeout=PROBE_TIMEOUT_S) as response:
        return "vulnerabilities" in json.load(response)


def _reachable_service() -> str | None:
    for service, answers in (("osv", _osv_answers), ("pypi", _pypi_json_answers)):
        try:
            if answers():
                return service
        except (OSError, ValueError):
            continue
    return None


def _skip_or_fail(reason: str) -> None:
    if os.environ.get("ADVISOR_REQUIRE_AUDIT") == "1":
        pytest.fail(reason)
    pytest.skip(reason)


def test_the_installed_dependencies_have_no_known_vulnerabilities():
    # given
    if not PIP_AUDIT.exists():
        _skip_or_fail("pip-audit is not installed: `make tools` puts it in .tools-venv")
    service = _reachable_service()
    if service is None:
        _skip_or_fail("no vulnerability service reachable (api.osv.dev, pypi.org JSON API)")

    # when
    done = subprocess.run(
        [str(PIP_AUDIT), "--vulnerability-service", str(service), "--path", SITE_PACKAGES,
         "--skip-editable", "--progress-spinner", "off", "--desc", "on"],
        capture_output=True,
        text=True,
        timeout=600,
    )  # fmt: skip

    # then
    assert done.returncode == 0, f"pip-audit found known vulnerabilities:\n{done.stdout}"
