"""Generated TypeScript starter repos (sam-typescript) pass tsc, eslint, their own vitest
suite, cfn-lint and checkov, for the same matrix of workloads as the Python stack; and the
deployed store clients write and read back through real services (moto's server for
DynamoDB and S3, the local PostgreSQL).

Every repo of the stack has the same package.json and package-lock.json, so `npm ci` runs
once per session into one folder whose node_modules the repos link to; npm's cache lives in
the project (.npm-cache) so a second run installs from disk. Their tsconfig and eslint
config are the same too, so tsc and eslint each check every repo in one run (a repo's own
`tsc --noEmit` and `eslint .` would load the same libraries once per repo: about 6 s and 2 s
each, against about 28 s and 5 s for all of them), and each repo reads back the findings
under its own folder. vitest runs every repo's suite in one run too, each repo a project with
its own config, without a fresh module graph per test file (vitest's default isolation cost
about 7 CPU-s a repo, 200 s for the matrix, against 55 s for the one run): shared state can
only add failures there, so one repo also runs its `npm test` exactly as a team would.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable
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


# Read by every repo's own tsc and eslint: one run over all repos is the same check only
# while these are the same in each.
SHARED_CONFIG = ("package.json", "package-lock.json", "tsconfig.json", "eslint.config.mjs")


def _shared_config(repos: dict[str, Path]) -> Path:
    """The first repo, whose config every other repo has byte for byte."""
    first = next(iter(repos.values()))
    for repo in repos.values():
        for name in SHARED_CONFIG:
            if (repo / name).read_bytes() != (first / name).read_bytes():
                pytest.fail(f"{repo.name}/{name} differs from {first.name}'s", pytrace=False)
    return first


def _each_repo(run: CheckResult, repos: dict[str, Path]) -> dict[str, CheckResult]:
    """A run over every repo read back as if each had had its own: the findings under a
    repo's folder fail it; a failed run that names no repo's file fails them all."""
    lines = run.output.splitlines()
    mine = {
        case_id: [line for line in lines if line.startswith((f"{case_id}/", f"{repo}/"))]
        for case_id, repo in repos.items()
    }
    nobody = run.returncode != 0 and not any(mine.values())
    return {
        case_id: CheckResult(1 if found or nobody else 0, "\n".join(found) or run.output)
        for case_id, found in mine.items()
    }


def _eslint(root: Path, config: str, repos) -> CheckResult:
    """eslint over every repo, one line a finding (`path:line: message [rule]`): ESLint 9
    has no line-per-finding formatter of its own, so its JSON report is read back."""
    run = _run(
        [NPX, "--no-install", "eslint", "--format", "json", "--config", config, *map(str, repos)],
        cwd=root,
    )
    try:
        report, _ = json.JSONDecoder().raw_decode(run.output, run.output.index("["))
    except ValueError:
        return run  # eslint failed before it linted: its own words
    findings = [
        f"{file['filePath']}:{at.get('line', 0)}: {at['message']} [{at.get('ruleId')}]"
        for file in report
        for at in file["messages"]
    ]
    return CheckResult(run.returncode, "\n".join(findings))


def _whole_set_checks(repos: dict[str, Path]) -> dict[str, Callable[[], CheckResult]]:
    first = _shared_config(repos)
    root = first.parent
    (root / "tsconfig.json").write_text(
        json.dumps(
            {
                "extends": f"./{first.name}/tsconfig.json",
                "include": [
                    f"{case_id}/{part}"
                    for case_id in repos
                    for part in ("src", "tests", "vitest.config.ts")
                ],
            }
        ),
        encoding="utf-8",
    )
    if not (root / "node_modules").exists():
        (root / "node_modules").symlink_to((first / "node_modules").resolve())
    eslint_config = str(first / "eslint.config.mjs")
    return {
        "tsc": lambda: _run(
            [NPX, "--no-install", "tsc", "--noEmit", "-p", "tsconfig.json"], cwd=root
        ),
        "eslint": lambda: _eslint(root, eslint_config, repos.values()),
    }


def _vitest_projects(repos: dict[str, Path]) -> dict[str, CheckResult]:
    """Every repo's vitest suite in one run, each repo a project named by its case, read
    back per repo from the JSON report: a repo fails on a failed test file or on none run."""
    root = next(iter(repos.values())).parent
    projects = [
        {
            "extends": f"./{case_id}/vitest.config.ts",
            "test": {"name": case_id, "root": f"./{case_id}"},
        }
        for case_id in repos
    ]
    (root / "vitest.config.mjs").write_text(
        "import { defineConfig } from 'vitest/config';\n"
        f"export default defineConfig({{ test: {{ projects: {json.dumps(projects)} }} }});\n",
        encoding="utf-8",
    )
    report = root / "vitest.json"
    report.unlink(missing_ok=True)
    command = [NPX, "--no-install", "vitest", "run", "--pool=threads", "--no-isolate"]
    run = _run([*command, "--reporter=json", f"--outputFile={report}"], cwd=root)
    if not report.exists():
        return dict.fromkeys(repos, run)  # vitest failed before it ran: its words
    files = json.loads(report.read_text(encoding="utf-8"))["testResults"]
    results = {}
    for case_id, repo in repos.items():
        mine = [file for file in files if file["name"].startswith(f"{repo.resolve()}/")]
        failed = [
            f"{file['name']}: {file['message']}\n"
            + "\n".join(m for test in file["assertionResults"] for m in test["failureMessages"])
            for file in mine
            if file["status"] != "passed"
        ]
        results[case_id] = CheckResult(
            1 if failed or not mine else 0, "\n".join(failed) or f"{len(mine)} test files passed"
        )
    return results


@pytest.fixture(scope="session")
def ts_results(ts_repos) -> dict[str, dict[str, CheckResult]]:
    _tool("cfn-lint"), _tool("checkov")
    templates = {case_id: repo / "template.yaml" for case_id, repo in ts_repos.items()}
    whole_set = {("*", name): check for name, check in _whole_set_checks(ts_repos).items()}
    vitest = {("*", "vitest"): lambda: _vitest_projects(ts_repos)}
    results = run_checks(templates, {**whole_set, **vitest})
    per_repo_vitest = results["*"].pop("vitest")
    for case_id, result in per_repo_vitest.items():
        results[case_id]["vitest"] = result
    for name, run in results.pop("*", {}).items():
        for case_id, result in _each_repo(run, ts_repos).items():
            results[case_id][name] = result
    return results


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


def test_a_typescript_repo_passes_its_own_npm_test_as_a_team_runs_it(ts_repos):
    # given: the repo as a team clones it, vitest isolating each test file
    repo = ts_repos["busy-api-load-balancer-public-upload"]
    # when
    run = _run([NPM, "test"], cwd=repo)
    # then
    assert run.returncode == 0, run.output[-4000:]
    assert "Test Files" in run.output and "failed" not in run.output


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
