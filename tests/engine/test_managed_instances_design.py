"""A steady load on a runtime Lambda Managed Instances run, whose runs share execution
environments, runs its functions on them when that costs materially less than on-demand
Lambda: the serverless option is priced there, the verdict weighs that price, and the
summary says so with the on-demand figure beside it. Spiky, tiny or CPU-heavy loads, and
runtimes they do not run, stay on demand.
(https://docs.aws.amazon.com/lambda/latest/dg/lambda-managed-instances-scaling.html)"""

from __future__ import annotations

import pytest

from advisor.engine import evaluate
from advisor.engine.costs.option_kinds import MANAGED_INSTANCES, ON_DEMAND
from advisor.engine.results import Fit
from advisor.engine.rules import decision_facts
from tests.conftest import load_workload, preset_answers

# An API answering 400 requests a second all day, each 80 ms mostly waiting on DynamoDB.
STEADY_API = preset_answers("api-for-a-mobile-app") | {
    "avg_rps": 400,
    "peak_rps": 500,
    "traffic_pattern": "steady",
    "avg_duration_ms": 80,
    "commitment_years": 3,
    "monthly_budget_usd": None,
}
# 100 requests a second, each 200 ms at 1 GB waiting on a partner's API.
WAITING_API = STEADY_API | {"avg_rps": 100, "peak_rps": 125, "avg_duration_ms": 200}
NEVER = {"assumptions": {"managed_instances_min_saving_usd": 1e9}}


def _managed_lines(assessment) -> list:
    return [
        line
        for line in assessment.costs.serverless.items
        if line.service == "lambda_managed_instances"
    ]


@pytest.mark.parametrize("years", [3, 1, 0])
def test_a_steady_api_runs_its_functions_on_managed_instances(years):
    # given
    answers = STEADY_API | {"commitment_years": years}

    # when
    assessment = evaluate(load_workload(answers))
    on_demand = evaluate(load_workload(answers | NEVER))

    # then: the serverless option is the capacity provider's, and cheaper than on demand
    provider = assessment.design.capacity_provider
    assert provider is not None and provider.base_instances >= 3
    assert _managed_lines(assessment)
    assert not any(line.service == "lambda" for line in assessment.costs.serverless.items)
    assert assessment.costs.serverless.monthly_usd < on_demand.costs.serverless.monthly_usd
    # on-demand Lambda is the what-if beside it, at what it would cost
    contrast = assessment.costs.estimate(ON_DEMAND).monthly_usd
    assert contrast == pytest.approx(on_demand.costs.serverless.monthly_usd)
    assert not assessment.costs.priced(MANAGED_INSTANCES)
    # the summary names them and quotes the on-demand figure on the lines that differ
    summary = assessment.verdict.summary
    on_demand_differing = on_demand.costs.differing_usd(on_demand.costs.serverless)
    assert "on Lambda Managed Instances" in summary
    assert f"against ${on_demand_differing:,.0f} on on-demand Lambda" in summary


def test_the_verdict_weighs_the_managed_instances_price():
    # given
    workload = load_workload(STEADY_API)

    # when
    assessment = evaluate(workload)
    facts = decision_facts(workload, assessment.costs)

    # then: the money the band reads is the managed instances' option
    assert facts["serverless_differing_usd"] == pytest.approx(
        assessment.costs.differing_usd(assessment.costs.serverless)
    )
    assert facts["managed_instances_in_design"]
    band = next(hit for hit in assessment.verdict.reasons if hit.effect == "money")
    assert "on Lambda Managed Instances" in band.message


def test_an_api_dearer_on_demand_fits_on_managed_instances():
    # when
    on_managed = evaluate(load_workload(WAITING_API))
    on_demand = evaluate(load_workload(WAITING_API | NEVER))

    # then: on demand it costs enough more than a fleet to refuse serverless; on EC2
    # capacity Lambda manages, it does not
    assert on_demand.verdict.fit == Fit.DOES_NOT_FIT
    assert on_managed.verdict.fit == Fit.FITS
    assert on_managed.design.capacity_provider is not None


@pytest.mark.parametrize(
    "changes",
    [
        # bursts to 10x the average: capacity that scales over minutes would throttle them
        {"traffic_pattern": "spiky", "peak_rps": 4000},
        # two requests a second: the three instances it keeps would cost more than Lambda
        {"avg_rps": 2, "peak_rps": 3},
        # Go: not a runtime they run
        {"runtime": "go"},
        # CPU-bound runs at 3 GB (1.7 vCPU each): no environment serves several at once
        {"cpu_bound": True, "memory_mb": 3008, "avg_duration_ms": 400},
    ],
    ids=["spiky", "tiny", "go", "cpu-heavy"],
)
def test_other_loads_stay_on_on_demand_lambda(changes):
    # when
    assessment = evaluate(load_workload(STEADY_API | changes))

    # then
    assert assessment.design.capacity_provider is None
    assert not _managed_lines(assessment)
    assert not assessment.costs.priced(ON_DEMAND)
    assert "Managed Instances (" not in assessment.verdict.summary


def test_the_architecture_runs_the_functions_on_the_capacity_provider():
    # when
    assessment = evaluate(load_workload(STEADY_API))

    # then: one capacity provider, running every function at 2 GB or more
    model = assessment.architecture
    providers = [c for c in model.components if c.kind == "capacity_provider"]
    assert len(providers) == 1
    provider = assessment.design.capacity_provider
    assert provider.instance_type in providers[0].label
    runs = {e.target for e in model.edges if e.source == providers[0].id}
    assert runs == {fn.id for fn in model.functions}
    assert all(fn.capacity_provider and fn.memory_mb >= 2048 for fn in model.functions)
    assert not any(fn.provisioned_concurrency or fn.snapstart for fn in model.functions)


def test_the_on_demand_what_if_keeps_the_warm_environments_it_would_need():
    # given: callers who must not wait for a cold start, within 200 ms
    answers = STEADY_API | {"cold_start_sensitive": True, "p95_latency_ms": 200}

    # when
    assessment = evaluate(load_workload(answers))
    on_demand = evaluate(load_workload(answers | NEVER))

    # then: on the instances nothing starts cold; on demand, warm environments are priced
    assert assessment.design.warm_start.kind == "none"
    assert on_demand.design.warm_start.kind != "none"
    contrast = assessment.costs.estimate(ON_DEMAND).monthly_usd
    assert contrast == pytest.approx(on_demand.costs.serverless.monthly_usd)


def test_the_managed_instances_pay_their_route_out_of_the_customer_s_subnets():
    # given: the steady API, its functions on instances in the customer's private subnets,
    # which must reach CloudWatch Logs and X-Ray (and DynamoDB) from there
    # (https://docs.aws.amazon.com/lambda/latest/dg/lambda-managed-instances-networking.html)
    assessment = evaluate(load_workload(STEADY_API))

    # when
    route = [line for line in assessment.costs.serverless.items if line.service == "vpc_endpoint"]
    on_demand = assessment.costs.estimate(ON_DEMAND)

    # then: three interface endpoints (its personal data adds KMS) in 2 AZs all month
    # ($0.01 an endpoint-AZ-hour: $43.80) and 20 GB through them at $0.01, cheaper than
    # two NAT gateways ($73.90); DynamoDB's gateway endpoint is free
    provider = assessment.design.capacity_provider
    assert provider.route.interface_endpoints == ("kms", "logs", "xray")
    assert provider.route.gateway_endpoints == ("dynamodb",) and not provider.route.nat
    assert sum(line.monthly_usd for line in route) == pytest.approx(44.00, abs=0.01)
    assert "(KMS, CloudWatch Logs, X-Ray)" in route[0].item
    notes = " ".join(assessment.costs.serverless.notes)
    assert "instances run in the customer's VPC" in notes
    # on-demand Lambda runs outside the customer's VPC and pays no route
    assert not any(line.service == "vpc_endpoint" for line in on_demand.items)
