"""Generated starter repos pass cfn-lint, checkov, ruff and their own tests.

The matrix covers every trigger, data store, workflow, auth mode, connection type and
verdict at least once, in as few repos as that takes. cfn-lint and checkov run from the
tools virtualenv (`make tools`: .tools-venv); the generated repos' tests run in one shared
virtualenv built from their pinned requirements (.tools-venv-generated/<hash>). All
validators of all repos run in parallel, once per test session; cfn-lint and checkov run once
over the whole set of templates (their start-up was most of a one-template run) and their
reports are read back per template.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from advisor.engine import evaluate
from advisor.engine.results import Fit
from advisor.engine.workload import Auth, Connections, DataStore, Trigger, Workflow
from advisor.render.scaffold import scaffold_files
from advisor.render.scaffold.tree import load_stack
from tests.conftest import PRESET_NAMES, load_workload, preset_answers
from tests.render.workloads import (
    clickstream,
    long_report_job,
    short_stream,
    small_gpu_items,
    steady_managed_api,
    waiting_runs,
)

ROOT = Path(__file__).resolve().parents[2]
TOOLS_VENV = Path(os.environ.get("ADVISOR_TOOLS_VENV", ROOT / ".tools-venv"))
GENERATED_VENVS = ROOT / ".tools-venv-generated"
# Two cores measured: checkov is CPU-bound (~2.5-9 s a template); more workers only queue.
MAX_WORKERS = max(2, min(6, (os.cpu_count() or 2) * 2))
CHECK_TIMEOUT_S = 600
# cfn-lint's exit status is a bit mask: 2 errors, 4 warnings, 8 informational; 32 and up
# mean cfn-lint itself failed (https://github.com/aws-cloudformation/cfn-lint#exit-codes).
CFN_LINT_LEVEL_BITS = {"Error": 2, "Warning": 4, "Informational": 8}
CFN_LINT_FAILED = 32


def _variant(**changes) -> dict:
    answers = preset_answers("api-for-a-mobile-app")
    answers.update(changes)
    return answers


# (case id, answers). The presets, then each remaining value at least once.
MATRIX: tuple[tuple[str, dict], ...] = (
    *((name, preset_answers(name)) for name in PRESET_NAMES),
    # The functions on Lambda Managed Instances: a capacity provider in the VPC.
    ("steady-api-managed-instances", steady_managed_api()),
    (
        "stream-document-public",
        _variant(
            triggers=["db_change"], data_store="document", auth="public", sensitive_data=False
        ),
    ),
    # A public HTTP API: CloudFront and a CLOUDFRONT-scope web ACL in front of it.
    ("http-public-edge", _variant(auth="public", sensitive_data=False)),
    (
        "relational-approval-iam",
        _variant(
            data_store="relational", workflow="human_approval", workflow_share=0.02, auth="iam"
        ),
    ),
    # A near-idle internal tool: Aurora Serverless v2 pausing at 0 ACU, reached directly
    # (no RDS Proxy), functions with no route out of the VPC.
    (
        "relational-idle-paused-direct",
        _variant(
            data_store="relational",
            avg_rps=0.01,
            peak_rps=2,
            cold_start_sensitive=False,
            sensitive_data=True,
            auth="iam",
        ),
    ),
    # IAM callers on the function's own URL (AuthType AWS_IAM), no HTTP API in front.
    ("function-url-iam", _variant(auth="iam", sensitive_data=False)),
    # A small back office: a provisioned Multi-AZ instance, a handful of direct connections.
    (
        "relational-small-instance-direct",
        _variant(data_store="relational", avg_rps=0.5, peak_rps=5, auth="iam"),
    ),
    (
        "websocket-public-no-store",
        _variant(
            persistent_connections="websocket",
            auth="public",
            data_store="none",
            triggers=["pubsub"],
            sensitive_data=False,
        ),
    ),
    ("websocket-iam", _variant(persistent_connections="websocket", auth="iam")),
    # Several independent consumers of each published event: a queue per consumer behind
    # the topic, encrypted with the customer-managed key SNS may use to deliver.
    (
        "event-fan-out-queues",
        _variant(triggers=["pubsub"], event_consumers=3, avg_rps=2, peak_rps=10, auth="iam"),
    ),
    # More consumers than share a stream's reads: an enhanced fan-out consumer each.
    (
        "event-stream-fan-out",
        _variant(
            triggers=["pubsub"],
            event_consumers=4,
            avg_rps=300,
            peak_rps=600,
            auth="iam",
            sensitive_data=False,
        ),
    ),
    # Raw connections move to Fargate; the queue's work stays on Lambda.
    ("tcp-hybrid", _variant(persistent_connections="tcp", triggers=["http", "queue"])),
    (
        # More memory than Lambda has: the request path moves to a Fargate service behind
        # an ALB, next to Lambda functions, an RDS Proxy and a workflow it starts.
        "hot-path-hybrid-relational-jwt",
        # peaks scaled ahead of time (spiky ones would keep a 16 GB fleet warm for them,
        # and the request path's fleet would then cost enough to read "does not fit")
        _variant(
            traffic_pattern="scheduled",
            memory_mb=16384,
            triggers=["http", "schedule"],
            workflow="multi_step",
            data_store="relational",
            sensitive_data=False,
            auth="jwt",
        ),
    ),
    (
        "gpu-hybrid-upload-node",
        _variant(
            gpu_required=True,
            workflow="multi_step",
            triggers=["file_upload"],
            runtime="node",
            avg_rps=0.5,
            peak_rps=5,
        ),
    ),
    # Small GPU items from a queue: Lambda gathers them into groups (BatchSize up to 10,000,
    # a batching window), one Batch job per group.
    ("gpu-small-items-queued", small_gpu_items(workflow="multi_step", sensitive_data=True)),
    # Callers wait for GPU work: an ECS service on GPU instances answers them and starts the
    # workflow whose steps stay on Lambda (no Batch job, no workflow per request).
    # Public: AWS WAF on the GPU service's load balancer.
    (
        "gpu-service-hybrid-workflow",
        _variant(
            gpu_required=True,
            workflow="multi_step",
            workflow_share=0.1,
            memory_mb=8192,
            auth="public",
            sensitive_data=False,
        ),
    ),
    # A public Fargate service for requests Lambda cannot hold: AWS WAF on its load balancer.
    (
        "hot-path-public-firewall",
        _variant(memory_mb=16384, auth="public", sensitive_data=False, traffic_pattern="steady"),
    ),
    # A 40-minute report the caller waits for: the job API (submit, then poll) starts a
    # Standard workflow that runs a Fargate task per job; CloudFront and AWS WAF in front.
    (
        "long-job-submit-and-poll-public",
        long_report_job(triggers=["http"], auth="public"),
    ),
    # 40-minute runs queued up to 40 times a second, faster than Fargate launches tasks: an
    # always-on Fargate service works the queue (no workflow, no function); sensitive data.
    (
        "long-runs-worker-service",
        long_report_job(
            triggers=["queue"], auth="iam", avg_rps=25, peak_rps=40, sensitive_data=True
        ),
    ),
    (
        "streaming-iam",
        # an hour-long feed, held by a fleet past Lambda's 15 minutes
        _variant(
            persistent_connections="streaming",
            max_duration_s=3600,
            auth="iam",
            triggers=["http", "pubsub"],
        ),
    ),
    # Answers streamed for 20 s through a REST API (transfer mode STREAM): a Cognito
    # authorizer; public, with a web ACL on the stage and uploads on an HTTP API beside.
    ("short-stream-jwt", short_stream(runtime="python")),
    (
        "short-stream-public-upload",
        short_stream(
            runtime="python", auth="public", sensitive_data=False, triggers=["http", "file_upload"]
        ),
    ),
    # A clickstream collector: its events go to a Firehose stream that writes the bucket.
    ("clickstream-firehose", clickstream(runtime="python")),
    (
        "clickstream-firehose-sensitive",
        clickstream(runtime="node", auth="jwt", sensitive_data=True),
    ),
    # A busy steady API: a load balancer with the functions as its targets instead of an
    # HTTP API (JWT verified on its listener; public: AWS WAF on it, a target per route).
    (
        "busy-api-load-balancer-jwt",
        _variant(avg_rps=300, peak_rps=400, traffic_pattern="steady", auth="jwt"),
    ),
    (
        "busy-api-load-balancer-public-upload",
        _variant(
            avg_rps=300,
            peak_rps=400,
            traffic_pattern="steady",
            auth="public",
            triggers=["http", "file_upload"],
            sensitive_data=False,
        ),
    ),
    # Published telemetry by the thousand a second: a Kinesis stream (encrypted with the
    # data key) read in batches, objects written per batch.
    (
        "event-stream-telemetry",
        _variant(
            avg_rps=2_000,
            peak_rps=4_000,
            traffic_pattern="steady",
            triggers=["pubsub"],
            data_store="object",
            auth="iam",
        ),
    ),
    # Runs waiting on callbacks, 30 a second: a state table (rows, timeout schedules, the
    # callback and timeout functions) rather than a state machine.
    ("waiting-runs-state-table", waiting_runs()),
    ("waiting-runs-state-table-node-public", waiting_runs(runtime="node", auth="public")),
    # A package above Lambda's zip limit: every function a container image with a Dockerfile.
    ("large-package-images", _variant(assumptions={"deployment_package_mb": 600})),
    (
        "does-not-fit-nothing-on-lambda",
        _variant(
            avg_rps=500,
            peak_rps=600,
            traffic_pattern="steady",
            gpu_required=True,
            avg_duration_ms=2000,
            max_duration_s=3600,
            memory_mb=16384,
            persistent_connections="tcp",
        ),
    ),
)
CASE_IDS = [case_id for case_id, _ in MATRIX]


@dataclass(frozen=True)
class CheckResult:
    returncode: int
    output: str


def _completed(args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(args, cwd=cwd, capture_output=True, text=True, timeout=CHECK_TIMEOUT_S)


def _run(args: list[str], cwd: Path) -> CheckResult:
    completed = _completed(args, cwd)
    return CheckResult(completed.returncode, completed.stdout + completed.stderr)


def _tool(name: str) -> Path:
    path = TOOLS_VENV / "bin" / name
    if not path.exists():
        pytest.fail(
            f"{path} is missing: `make tools` (or `make test`) builds the validators' "
            "virtualenv .tools-venv from scripts/tools-requirements.txt.",
            pytrace=False,
        )
    return path


def _write_repo(root: Path, files: dict[str, bytes]) -> Path:
    for relative, content in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
    return root


def _requirements(repos: dict[str, Path]) -> list[str]:
    """Every pinned requirement any generated repo asks for (one venv serves them all)."""
    lines: set[str] = set()
    for repo in repos.values():
        for name in ("requirements-dev.txt", "src/requirements.txt"):
            for line in (repo / name).read_text(encoding="utf-8").splitlines():
                line = line.strip()
                if line and not line.startswith(("#", "-r")):
                    lines.add(line)
    return sorted(lines)


def _generated_venv(requirements: list[str]) -> Path:
    """A clean virtualenv with the generated repos' requirements, cached by their hash."""
    digest = hashlib.sha256("\n".join(requirements).encode()).hexdigest()[:16]
    venv = GENERATED_VENVS / digest
    python = venv / "bin" / "python"
    if (venv / ".complete").exists():
        return python
    GENERATED_VENVS.mkdir(exist_ok=True)
    steps = [
        [sys.executable, "-m", "venv", "--clear", str(venv)],
        [
            str(python),
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
            *requirements,
        ],
    ]
    for step in steps:
        result = _run(step, cwd=ROOT)
        if result.returncode != 0:
            pytest.fail(f"building {venv} failed:\n{result.output[-3000:]}", pytrace=False)
    (venv / ".complete").write_text("\n".join(requirements), encoding="utf-8")
    return python


def _json(text: str) -> object:
    try:
        return json.loads(text)
    except ValueError:
        return None


def _cfn_lint_each(templates: dict[str, Path]) -> dict[str, CheckResult]:
    """One cfn-lint run over every template, read back as if each had had a run of its own:
    the exit-status bits of that template's findings, and those findings. A report that
    cannot be read so (cfn-lint failed, a finding names another file, the bits do not add up
    to the exit status) fails every template with cfn-lint's whole output."""
    run = _completed(
        [str(_tool("cfn-lint")), "--format", "json", *map(str, templates.values())], ROOT
    )
    unreadable = CheckResult(max(run.returncode, CFN_LINT_FAILED), run.stdout + run.stderr)
    findings = _json(run.stdout)
    if run.returncode >= CFN_LINT_FAILED or not isinstance(findings, list):
        return dict.fromkeys(templates, unreadable)
    case_of = {template.resolve(): case_id for case_id, template in templates.items()}
    mine: dict[str, list[dict]] = {case_id: [] for case_id in templates}
    for finding in findings:
        case_id = case_of.get(Path(finding["Filename"]).resolve())
        if case_id is None:
            return dict.fromkeys(templates, unreadable)
        mine[case_id].append(finding)
    results, all_bits = {}, 0
    for case_id, found in mine.items():
        bits = 0
        for finding in found:
            bits |= CFN_LINT_LEVEL_BITS[finding["Level"]]
        all_bits |= bits
        lines = [
            f"{f['Filename']}:{f['Location']['Start']['LineNumber']}: "
            f"{f['Rule']['Id']} ({f['Level']}) {f['Message']}"
            for f in found
        ]
        results[case_id] = CheckResult(bits, "\n".join(lines))
    return results if all_bits == run.returncode else dict.fromkeys(templates, unreadable)


CHECKOV_KINDS = ("passed_checks", "failed_checks", "skipped_checks")


def _checkov_each(templates: dict[str, Path]) -> dict[str, CheckResult]:
    """One checkov run over every template, read back per template as a run of its own would
    end: exit status 1 and the failed checks where one failed; 1 too where checkov could not
    parse the template or found nothing in it to check (a run of its own printed no "Passed
    checks" then). A report that cannot be read so (checkov failed, a check names another
    file, the exit status says otherwise) fails every template with checkov's whole output."""
    args = [str(_tool("checkov")), "--framework", "cloudformation", "--skip-download"]
    for template in templates.values():
        args += ["-f", str(template)]
    run = _completed([*args, "--output", "json"], ROOT)
    unreadable = CheckResult(2, run.stdout + run.stderr)
    report = _json(run.stdout)
    if run.returncode not in (0, 1) or not isinstance(report, dict):
        return dict.fromkeys(templates, unreadable)
    found = report.get("results", {})  # absent when no template had anything to check
    case_of = {template.resolve(): case_id for case_id, template in templates.items()}
    mine = {case_id: {kind: [] for kind in CHECKOV_KINDS} for case_id in templates}
    for kind in CHECKOV_KINDS:
        for check in found.get(kind, []):
            case_id = case_of.get(Path(check["file_abs_path"]).resolve())
            if case_id is None:
                return dict.fromkeys(templates, unreadable)
            mine[case_id][kind].append(check)
    unparsed = {case_of.get(Path(path).resolve()) for path in found.get("parsing_errors", [])}
    if (run.returncode == 1) != any(checks["failed_checks"] for checks in mine.values()):
        return dict.fromkeys(templates, unreadable)
    return {
        case_id: _checkov_result(checks, case_id in unparsed) for case_id, checks in mine.items()
    }


def _checkov_result(checks: dict[str, list[dict]], unparsed: bool) -> CheckResult:
    passed, failed, skipped = (checks[kind] for kind in CHECKOV_KINDS)
    summary = (
        f"Passed checks: {len(passed)}, Failed checks: {len(failed)}, "
        f"Skipped checks: {len(skipped)}, Parsing errors: {int(unparsed)}"
    )
    details = [
        f"{c['check_id']} {c['check_name']}: {c['resource']} lines {c['file_line_range']}"
        for c in failed
    ]
    nothing_checked = not (passed or failed or skipped)
    code = 1 if failed or unparsed or nothing_checked else 0
    return CheckResult(code, "\n".join([summary, *details]))


def _checks(repo: Path, python: Path) -> dict[str, Callable[[], CheckResult]]:
    bin_dir = python.parent
    return {
        "pytest": lambda: _run([str(python), "-m", "pytest", "-p", "no:cacheprovider"], cwd=repo),
        "ruff check": lambda: _run([str(bin_dir / "ruff"), "check", "--no-cache", "."], cwd=repo),
        "ruff format": lambda: _run(
            [str(bin_dir / "ruff"), "format", "--check", "--no-cache", "."], cwd=repo
        ),
    }


@pytest.fixture(scope="session")
def generated_repos(tmp_path_factory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("starter-repos")
    repos = {}
    for case_id, answers in MATRIX:
        workload = load_workload(answers)
        # The Python stack for every case (a Node.js case would pick sam-typescript, whose
        # repos tests/render/test_scaffold_typescript.py validates).
        files = scaffold_files(workload=workload, assessment=evaluate(workload), stack="sam-python")
        repos[case_id] = _write_repo(root / case_id, files)
    return repos


@pytest.fixture(scope="session")
def validator_results(generated_repos) -> dict[str, dict[str, CheckResult]]:
    """Every check of every repo, run once, in parallel."""
    _tool("cfn-lint"), _tool("checkov")
    python = _generated_venv(_requirements(generated_repos))
    templates = {case_id: repo / "template.yaml" for case_id, repo in generated_repos.items()}
    jobs = {
        (case_id, name): check
        for case_id, repo in generated_repos.items()
        for name, check in _checks(repo, python).items()
    }
    return run_checks(templates, jobs)


def run_checks(
    templates: dict[str, Path], jobs: dict[tuple[str, str], Callable[[], CheckResult]]
) -> dict[str, dict[str, CheckResult]]:
    """cfn-lint and checkov over every template, and every per-repo check, in parallel."""
    with ThreadPoolExecutor(max_workers=MAX_WORKERS) as pool:
        # The two whole-set runs first: they are the longest.
        per_set = {
            name: pool.submit(each, templates)
            for name, each in (("cfn-lint", _cfn_lint_each), ("checkov", _checkov_each))
        }
        futures = {key: pool.submit(check) for key, check in jobs.items()}
    results: dict[str, dict[str, CheckResult]] = {case_id: {} for case_id in templates}
    for (case_id, name), future in futures.items():
        results.setdefault(case_id, {})[name] = future.result()
    for name, future in per_set.items():
        for case_id, result in future.result().items():
            results[case_id][name] = result
    return results


def test_the_matrix_generates_every_part_a_hybrid_design_runs_outside_lambda():
    # given
    assessments = [evaluate(load_workload(answers)) for _, answers in MATRIX]
    # when
    offloaded = {c.id for a in assessments for c in a.architecture.components if c.offloaded}
    hybrids = {
        c.id
        for a in assessments
        if a.verdict.fit is Fit.HYBRID
        for c in a.architecture.components
        if c.offloaded
    }
    # then
    assert offloaded == set(load_stack("sam-python").containers) | {
        "hot_path_alb",
        "connection_nlb",
        "gpu_service_alb",
    }
    assert {"hot_path_service", "connection_service", "gpu_batch_job", "gpu_service"} <= hybrids


def test_the_matrix_covers_every_answer_that_shapes_the_repo():
    # given
    workloads = [load_workload(answers) for _, answers in MATRIX]
    # when
    seen = {
        "triggers": {t for w in workloads for t in w.triggers},
        "data_store": {w.data_store for w in workloads},
        "workflow": {w.workflow for w in workloads},
        "auth": {w.auth for w in workloads},
        "connections": {w.persistent_connections for w in workloads},
        "fit": {evaluate(w).verdict.fit for w in workloads},
        "sensitive": {w.sensitive_data for w in workloads},
        "front_door": {api for w in workloads for api in evaluate(w).design.api_types},
        "event_stream": {evaluate(w).design.event_stream is not None for w in workloads},
        "fan_out": {_fan_out(evaluate(w).design) for w in workloads},
    }
    # then
    assert seen == {
        "triggers": set(Trigger),
        "data_store": set(DataStore),
        "workflow": set(Workflow),
        "auth": set(Auth),
        "connections": set(Connections),
        "fit": set(Fit),
        "sensitive": {True, False},
        "front_door": {"http", "websocket", "alb", "rest"},
        "event_stream": {True, False},
        "fan_out": {"one consumer", "queues", "enhanced fan-out"},
    }


def _fan_out(design) -> str:
    """How the design's published events reach several consumers, if they do."""
    if design.event_queues:
        return "queues"
    stream = design.event_stream
    return "enhanced fan-out" if stream and stream.enhanced_fan_out else "one consumer"


@pytest.mark.parametrize("case_id", CASE_IDS)
def test_cfn_lint_finds_no_errors(case_id, validator_results):
    # given
    result = validator_results[case_id]["cfn-lint"]
    # then: cfn-lint's exit status is a bit mask; bit 2 means errors (4 = warnings, 8 = info).
    assert result.returncode & 2 == 0 and result.returncode < 32, result.output


@pytest.mark.parametrize("case_id", CASE_IDS)
def test_checkov_fails_no_check(case_id, validator_results):
    # given
    result = validator_results[case_id]["checkov"]
    # then
    assert result.returncode == 0, result.output
    assert "Failed checks: 0" in result.output or "Passed checks" in result.output


@pytest.mark.parametrize("case_id", CASE_IDS)
def test_every_skipped_checkov_check_has_a_written_reason(case_id, generated_repos):
    # given
    text = (generated_repos[case_id] / "template.yaml").read_text(encoding="utf-8")
    # when
    skips = [
        skip
        for block in text.split("checkov:\n        skip:\n")[1:]
        for skip in yaml.safe_load(block.split("\n    Properties:")[0]) or []
    ]
    # then
    assert all(len(skip["comment"]) > 30 and skip["id"].startswith("CKV") for skip in skips)


@pytest.mark.parametrize("case_id", CASE_IDS)
def test_the_generated_repos_own_tests_pass(case_id, validator_results):
    # given
    result = validator_results[case_id]["pytest"]
    # then
    assert result.returncode == 0, result.output


@pytest.mark.parametrize("case_id", CASE_IDS)
def test_ruff_is_clean_on_the_generated_python(case_id, validator_results):
    # given
    checks = validator_results[case_id]
    # then
    assert checks["ruff check"].returncode == 0, checks["ruff check"].output
    assert checks["ruff format"].returncode == 0, checks["ruff format"].output


def test_case_ids_are_unique():
    assert len(set(CASE_IDS)) == len(CASE_IDS)
