"""Lambda's START/END/REPORT lines are INFO system logs: the starter repo's functions log
JSON with the system log level at WARN, which drops them, so the estimate does not charge
serverless for them (at 3,000 requests a second they were about $1,100 a month)
(https://docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs-log-level.html)."""

from __future__ import annotations

from advisor.engine import evaluate
from advisor.forms import WorkloadForm
from advisor.render.scaffold import scaffold_files
from tests.cfn import load_template, resources_of_type

# Review 9, w08: 3,000 requests a second of 30 ms on arm64.
BUSY_API = {
    "name": "busy-api",
    "avg_rps": 3000,
    "peak_rps": 4000,
    "traffic_pattern": "steady",
    "p95_latency_ms": 300,
    "runtime": "node",
    "avg_duration_ms": 30,
    "memory_mb": 256,
    "architecture": "arm64",
    "data_store": "key_value",
    "triggers": ["http"],
    "auth": "jwt",
    "commitment_years": 1,
}


def _assessed(answers: dict):
    form = WorkloadForm(data=answers, reject_unknown=True)
    assert form.is_valid(), form.errors
    workload = form.workload()
    return workload, evaluate(workload)


def _own_log_usd(assessment) -> float:
    """What serverless pays for CloudWatch Logs beyond the lines every option shares."""
    shared = {(line.service, line.item) for line in assessment.costs.shared.items}
    return sum(
        line.monthly_usd
        for line in assessment.costs.serverless.items
        if line.service == "cloudwatch_logs" and (line.service, line.item) not in shared
    )


def test_the_template_drops_the_platform_lines_and_the_estimate_does_not_price_them():
    # given
    workload, assessment = _assessed(BUSY_API)

    # when
    template = load_template(
        scaffold_files(workload=workload, assessment=assessment)["template.yaml"]
    )
    functions = resources_of_type(template, "AWS::Serverless::Function")

    # then: every function logs JSON at system level WARN, and serverless pays no logs of
    # its own
    assert functions
    for function in functions.values():
        logging = function["Properties"]["LoggingConfig"]
        assert (logging["LogFormat"], logging["SystemLogLevel"]) == ("JSON", "WARN")
    assert _own_log_usd(assessment) == 0


def test_keeping_the_platform_lines_prices_them_again():
    # given: a user who keeps the system log level at INFO says how much they write
    _, quiet = _assessed(BUSY_API)
    _, chatty = _assessed(
        BUSY_API | {"assumptions": {"lambda_platform_log_bytes_per_invocation": 300}}
    )

    # then: about 7.9 billion invocations a month of 300 bytes each
    assert _own_log_usd(chatty) > 1000
    assert chatty.costs.serverless.monthly_usd > quiet.costs.serverless.monthly_usd + 1000
