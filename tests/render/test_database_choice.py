"""The relational database is sized by the workload: a near-idle tool gets Aurora Serverless
v2 pausing at 0 ACU, no RDS Proxy and no NAT gateways; a busy one keeps its provisioned
Multi-AZ instance and the proxy, in every option alike."""

from __future__ import annotations

import datetime as dt

import pytest

from advisor.engine import evaluate
from advisor.forms import WorkloadForm
from advisor.render.report import report_context
from advisor.render.scaffold import scaffold_files
from advisor.services import assessment_create
from tests.cfn import load_template
from tests.factories import make_user

_BASE = {
    "name": "orders",
    "traffic_pattern": "unpredictable",
    "p95_latency_ms": 1000,
    "cold_start_sensitive": False,
    "runtime": "python",
    "memory_mb": 512,
    "cpu_bound": False,
    "gpu_required": False,
    "persistent_connections": "none",
    "data_store": "relational",
    "triggers": ["http"],
    "workflow": "none",
    "payload_kb": 4,
    "sensitive_data": False,
    "auth": "iam",
    "region": "us-east-1",
    "architecture": "arm64",
    "avg_duration_ms": 300,
    "max_duration_s": 10,
}
# An internal admin tool: 26,000 requests a month, $50 budget (the reviewer's case).
ADMIN_TOOL = {**_BASE, "avg_rps": 0.01, "peak_rps": 2, "monthly_budget_usd": 50}
# A mobile back end at 300 requests/s with personal data.
MOBILE_300 = {
    **_BASE,
    "traffic_pattern": "steady",
    "sensitive_data": True,
    "avg_rps": 300,
    "peak_rps": 400,
    "avg_duration_ms": 50,
}


def _assess(answers):
    form = WorkloadForm(data=answers, reject_unknown=True)
    assert form.is_valid(), form.errors
    workload = form.workload()
    return workload, evaluate(workload)


def _services(estimate) -> set[str]:
    return {line.service for line in estimate.items}


def _choice(assessment):
    return next(c for c in assessment.design.choices if c.topic == "database")


def test_a_near_idle_tool_pays_for_its_database_only_while_it_is_awake():
    # given
    workload, assessment = _assess(ADMIN_TOOL)

    # when
    serverless = assessment.costs.serverless
    database_usd = sum(
        line.monthly_usd
        for line in assessment.costs.shared.items
        if line.service.startswith("aurora")
    )

    # then: within the $50 budget (it was $214 with a Multi-AZ instance, a proxy and NATs):
    # awake through the working day its unpredictable requests keep it up (about 306 of the
    # month's 730 hours), paused at night
    assert serverless.monthly_usd < 50
    assert database_usd < 50
    assert not {"rds_postgresql", "rds_proxy", "nat_gateway"} & _services(serverless)
    assert "pausing at 0 ACU" in _choice(assessment).reason
    assert "No RDS Proxy" in _choice(assessment).reason
    assert "need no NAT gateway" in _choice(assessment).reason
    assert "over_budget_on_every_option" not in {r.rule for r in assessment.verdict.reasons}


def test_the_alternatives_use_the_same_database_and_pay_their_own_route_out():
    # given
    _, assessment = _assess(ADMIN_TOOL)

    # when
    containers = assessment.costs.estimate("containers")
    route = [line.item for line in containers.items if line.service == "vpc_endpoint"]

    # then: the database is shared; a fleet pulls images and reads the database's secret
    # through its own interface endpoints (5 in 2 AZs, $73.00, under NAT's $73.90)
    assert "aurora_postgresql" in _services(assessment.costs.shared)
    assert "aurora_postgresql" in _services(containers)
    assert "Secrets Manager" in route[0] and "ECR" in route[0]
    assert "nat_gateway" not in _services(containers)
    assert not {"nat_gateway", "vpc_endpoint"} & _services(assessment.costs.shared)


@pytest.mark.parametrize("change", [{"cold_start_sensitive": True}, {"avg_rps": 0.5}])
def test_a_database_that_must_answer_at_once_or_is_busy_does_not_pause(change):
    # given: a slow first request is not acceptable, or the tool is ten times busier
    _, assessment = _assess({**ADMIN_TOOL, **change})

    # then
    assert assessment.design.database.engine == "rds_postgresql"
    assert "rds_postgresql" in _services(assessment.costs.shared)


def test_a_busy_back_end_keeps_its_multi_az_instance_and_its_proxy():
    # given
    _, assessment = _assess(MOBILE_300)

    # when
    database = assessment.design.database
    instance = next(line for line in assessment.costs.shared.items if "Multi-AZ" in line.item)

    # then
    assert database.engine == "rds_postgresql" and database.proxy
    assert "db.t4g.medium (2 vCPUs, 4 GiB) Multi-AZ" in instance.item
    assert instance.monthly_usd == pytest.approx(94.9)
    assert "rds_proxy" in _services(assessment.costs.serverless)
    reason = _choice(assessment).reason
    assert "RDS Proxy pools the functions' connections: 20 at the peak" in reason


def test_the_admin_tool_s_template_builds_a_pausing_cluster_with_no_proxy():
    # given
    workload, assessment = _assess(ADMIN_TOOL)

    # when
    template = load_template(
        scaffold_files(workload=workload, assessment=assessment)["template.yaml"]
    )
    resources = template["Resources"]
    function = resources["ApiHandler"]["Properties"]
    policy = str(function["Policies"])

    # then
    scaling = resources["Database"]["Properties"]["ServerlessV2ScalingConfiguration"]
    assert scaling["MinCapacity"] == 0 and scaling["SecondsUntilAutoPause"] == 300
    assert "DbProxy" not in resources and "ProxySecurityGroup" not in resources
    assert "DBClusterResourceId" in policy and "rds-db:connect" in policy
    assert "need no NAT gateway" in template["Parameters"]["PrivateSubnetIds"]["Description"]
    assert function["Environment"]["Variables"]["DB_ENDPOINT"] == {
        "Fn::GetAtt": ["Database", "Endpoint.Address"]
    }


def test_the_near_idle_tool_is_told_to_connect_directly_not_to_add_a_proxy():
    # given
    _, assessment = _assess(ADMIN_TOOL)

    # when
    advice = {hit.rule for hit in assessment.verdict.recommendations}

    # then
    assert "relational_few_direct_connections" in advice
    assert "relational_needs_connection_pooling" not in advice


def test_the_pdf_report_gives_the_database_choice_and_its_reason():
    # given
    workload, assessment = _assess(ADMIN_TOOL)

    # when
    rows = report_context(
        workload=workload, assessment=assessment, generated_on=dt.date(2026, 12, 1)
    )["design_choices"]

    # then
    (row,) = [row for row in rows if row.topic == "Database"]
    assert row.choice == "aurora serverless v2"
    assert "awake about 306 hours a month" in row.reason


@pytest.mark.django_db
def test_the_result_page_gives_the_database_choice_and_its_reason(client):
    # given
    owner = make_user("ops")
    client.force_login(owner)
    assessment = assessment_create(owner=owner, answers=MOBILE_300)

    # when
    page = client.get(f"/assessments/{assessment.pk}/").content.decode()

    # then
    assert "Database: rds postgresql" in page
    assert "db.t4g.medium (2 vCPUs, 4 GiB) Multi-AZ" in page and "RDS Proxy pools" in page
