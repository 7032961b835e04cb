"""Generated TypeScript starter repos (sam-typescript) pass tsc, eslint, their own vitest
suite, cfn-lint and checkov, for the same matrix of workloads as the Python stack; and the
deployed store clients write and read back through real services (moto's server for
DynamoDB and S3, the local PostgreSQL).

Every repo of the stack has the same package.json and package-lock.json, so `npm ci` runs
once per session into one folder whose node_modules the repos link to; npm's cache lives in
the project (.npm-cache) so a second run installs from disk.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from advisor.engine import evaluate
from advisor.render.scaffold import scaffold_files
from tests.conftest import load_workload
from tests.render.test_scaffold_validators import (
    CASE_IDS,
    MATRIX,
    CheckResult,
    _run,
    _tool,
    _write_repo,
    run_checks,
)
from tests.s3_server import CREDENTIALS, MotoServer

STACK = "sam-typescript"
ROOT = Path(__file__).resolve().parents[2]
NPM_CACHE = ROOT / ".npm-cache"
NPM = shutil.which("npm")
NPX = shutil.which("npx")

pytestmark = pytest.mark.skipif(NPM is None, reason="npm is not installed")


def _npm_ci(folder: Path) -> Path:
    result = _run(
        [NPM, "ci", "--cache", str(NPM_CACHE), "--prefer-offline", "--no-audit", "--no-fund"],
        cwd=folder,
    )
    if result.returncode != 0:
        pytest.fail(f"npm ci failed:\n{result.output[-3000:]}", pytrace=False)
    return folder / "node_modules"


@pytest.fixture(scope="session")
def ts_repos(tmp_path_factory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("typescript-repos")
    repos = {}
    for case_id, answers in MATRIX:
        workload = load_workload(answers)
        files = scaffold_files(workload=workload, assessment=evaluate(workload), stack=STACK)
        repos[case_id] = _write_repo(root / case_id, files)
    installed = root / "_npm"
    installed.mkdir()
    first = next(iter(repos.values()))
    for name in ("package.json", "package-lock.json"):
        shutil.copy(first / name, installed / name)
    modules = _npm_ci(installed)
    for repo in repos.values():
        assert (repo / "package-lock.json").read_bytes() == (
            installed / "package-lock.json"
        ).read_bytes()
        (repo / "node_modules").symlink_to(modules)
    return repos


def _checks(repo: Path) -> dict[str, object]:
    return {
        "tsc": lambda: _run([NPX, "--no-install", "tsc", "--noEmit"], cwd=repo),
        "eslint": lambda: _run([NPX, "--no-install", "eslint", "."], cwd=repo),
        "vitest": lambda: _run([NPX, "--no-install", "vitest", "run"], cwd=repo),
    }


@pytest.fixture(scope="session")
def ts_results(ts_repos) -> dict[str, dict[str, CheckResult]]:
    _tool("cfn-lint"), _tool("checkov")
    templates = {case_id: repo / "template.yaml" for case_id, repo in ts_repos.items()}
    jobs = {
        (case_id, name): check
        for case_id, repo in ts_repos.items()
        for name, check in _checks(repo).items()
    }
    return run_checks(templates, jobs)


@pytest.mark.parametrize("case_id", CASE_IDS)
def test_the_typescript_repo_type_checks_lints_and_passes_its_tests(case_id, ts_results):
    # given
    checks = ts_results[case_id]
    # then
    for name in ("tsc", "eslint", "vitest"):
        assert checks[name].returncode == 0, f"{name}:\n{checks[name].output[-4000:]}"


@pytest.mark.parametrize("case_id", CASE_IDS)
def test_the_typescript_repos_template_passes_cfn_lint_and_checkov(case_id, ts_results):
    # given
    checks = ts_results[case_id]
    # then: cfn-lint's bit 2 is errors; checkov fails nothing it was not told why to skip
    assert checks["cfn-lint"].returncode & 2 == 0, checks["cfn-lint"].output
    assert checks["cfn-lint"].returncode < 32, checks["cfn-lint"].output
    assert checks["checkov"].returncode == 0, checks["checkov"].output


def test_each_typescript_store_reads_back_what_it_wrote_through_real_services(ts_repos, tmp_path):
    # given: moto's server for DynamoDB and S3, the local PostgreSQL
    repo = ts_repos["api-for-a-mobile-app"]
    server = MotoServer(tmp_path).start()
    report = tmp_path / "vitest.json"
    env = {
        **os.environ,
        **CREDENTIALS,
        "AWS_REGION": "us-east-1",
        "STORE_TESTS": "1",
        "DYNAMODB_ENDPOINT": server.url,
        "S3_ENDPOINT": server.url,
        "PGHOST": os.environ.get("PGHOST", "127.0.0.1"),
        "PGPORT": os.environ.get("PGPORT", "5432"),
        "PGUSER": os.environ.get("PGUSER", "postgres"),
        "PGDATABASE": os.environ.get("PGDATABASE", "test"),
    }
    try:
        # when
        import subprocess

        completed = subprocess.run(
            [
                NPX,
                "--no-install",
                "vitest",
                "run",
                "tests/integration",
                "--reporter=json",
                f"--outputFile={report}",
            ],
            cwd=repo,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
    finally:
        server.stop()
    # then: three stores, each written and read back, none skipped
    assert completed.returncode == 0, completed.stdout[-3000:] + completed.stderr[-3000:]
    results = json.loads(report.read_text(encoding="utf-8"))
    outcomes = {
        test["ancestorTitles"][0]: test["status"]
        for suite in results["testResults"]
        for test in suite["assertionResults"]
    }
    assert outcomes == {"DynamoDbStore": "passed", "S3Store": "passed", "PostgresStore": "passed"}


def test_a_package_above_the_zip_limit_ships_each_function_as_an_image(ts_repos):
    # given: the matrix case whose code and libraries come to 600 MB
    repo = ts_repos["large-package-images"]
    template = (repo / "template.yaml").read_text(encoding="utf-8")
    # then: PackageType Image with its Dockerfile, and the README says why
    assert "PackageType: Image" in template and "BuildMethod" not in template
    assert (repo / "src/functions/api_handler/Dockerfile").is_file()
    assert "above the 250 MB Lambda allows a zip package" in (repo / "README.md").read_text()
