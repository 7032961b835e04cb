"""The priced, drawn, reported and generated designs agree, for every benchmark workload.

One model decides the components (advisor/engine/design.py): the cost lines, the diagram,
the PDF report and the starter repo are drawn from it. For each workload of the decision
benchmark this checks that the four say the same: the API type, the workflow type, how
cold starts are met, the functions and the stores.
"""

from __future__ import annotations

import datetime as dt
from functools import cache

import pytest
import yaml

from advisor.decision_cases import decision_cases
from advisor.engine import evaluate
from advisor.forms import WorkloadForm
from advisor.render.diagram import diagram_dot
from advisor.render.reasoning import design_choice_rows
from advisor.render.report import report_context
from advisor.render.scaffold import scaffold_files
from advisor.render.scaffold.tree import load_stack

CASES = decision_cases()


class _CfnLoader(yaml.SafeLoader):
    """YAML with CloudFormation's short tags (!Ref, !GetAtt, !Sub ...) read as plain values."""


_CfnLoader.add_multi_constructor("!", lambda loader, suffix, node: None)


@cache
def _assessed(case_id: str):
    case = next(case for case in CASES if case.id == case_id)
    form = WorkloadForm(data=case.workload, reject_unknown=True)
    assert form.is_valid(), form.errors
    workload = form.workload()
    return workload, evaluate(workload)


@cache
def _template(case_id: str) -> dict:
    workload, assessment = _assessed(case_id)
    files = scaffold_files(workload=workload, assessment=assessment)
    return yaml.load(files["template.yaml"], Loader=_CfnLoader)  # noqa: S506 (SafeLoader)


def _resources(template: dict, kind: str) -> dict[str, dict]:
    return {
        name: resource
        for name, resource in template["Resources"].items()
        if resource.get("Type") == kind
    }


def _lines(assessment, service: str) -> list[str]:
    return [line.item for line in assessment.costs.serverless.items if line.service == service]


@pytest.mark.parametrize("case_id", [case.id for case in CASES])
def test_the_four_designs_agree_on_the_api(case_id):
    # given
    workload, assessment = _assessed(case_id)
    design, model = assessment.design, assessment.architecture

    # when
    priced = _lines(assessment, "api_gateway")
    drawn = {c.id for c in model.components if c.kind == "api"}
    generated = _template(case_id)

    # then
    http_priced = any(item.startswith("HTTP API") for item in priced)
    socket_priced = any(item.startswith("WebSocket") for item in priced)
    assert http_priced == ("http" in design.api_types) == ("http_api" in drawn)
    assert socket_priced == ("websocket" in design.api_types) == ("websocket_api" in drawn)
    assert bool(_resources(generated, "AWS::Serverless::HttpApi")) == http_priced
    sockets = [
        api
        for api in _resources(generated, "AWS::ApiGatewayV2::Api").values()
        if api["Properties"].get("ProtocolType") == "WEBSOCKET"
    ]
    assert bool(sockets) == socket_priced
    assert not any(item.startswith("REST API") for item in priced)


@pytest.mark.parametrize("case_id", [case.id for case in CASES])
def test_the_four_designs_agree_on_the_workflow(case_id):
    # given
    workload, assessment = _assessed(case_id)
    design, model = assessment.design, assessment.architecture

    # when: a workflow that waits on people is priced among the lines every option shares
    lines = [
        line.item
        for line in assessment.costs.serverless.items + assessment.costs.shared.items
        if line.service == "step_functions"
    ]
    machines = [c for c in model.components if c.kind == "state_machine"]
    generated = _resources(_template(case_id), "AWS::Serverless::StateMachine")

    # then
    if design.workflow_type is None:
        assert not lines and not machines and not generated
        return
    wanted = design.workflow_type.upper()
    assert [dict(m.properties)["type"] for m in machines] == [wanted]
    assert wanted.capitalize() in machines[0].label
    assert [r["Properties"]["Type"] for r in generated.values()] == [wanted]
    if workload.workflow_share > 0 and workload.avg_rps > 0:
        express = any(item.startswith("Express") for item in lines)
        assert express == (design.workflow_type == "express")


@pytest.mark.parametrize("case_id", [case.id for case in CASES])
def test_the_four_designs_agree_on_cold_starts_and_functions(case_id):
    # given
    workload, assessment = _assessed(case_id)
    design, model = assessment.design, assessment.architecture
    generated = _resources(_template(case_id), "AWS::Serverless::Function")

    # when
    priced_warm = any(
        item.startswith("provisioned concurrency") for item in _lines(assessment, "lambda")
    )
    drawn_warm = any(fn.provisioned_concurrency for fn in model.functions)
    generated_warm = any(
        "ProvisionedConcurrencyConfig" in r["Properties"] for r in generated.values()
    )
    generated_snap = any("SnapStart" in r["Properties"] for r in generated.values())

    # then
    provisioned = design.warm_start.kind == "provisioned"
    assert priced_warm == provisioned
    assert drawn_warm == generated_warm == (provisioned and bool(model.functions))
    assert any(fn.snapstart for fn in model.functions) == generated_snap
    if generated_snap:
        assert design.warm_start.kind == "snapstart"
    assert len(generated) == len(model.functions)


STORE_KINDS = {
    "table": "AWS::DynamoDB::Table",
    "bucket": "AWS::S3::Bucket",
    "proxy": "AWS::RDS::DBProxy",
}
# Tables of the stack's own making, not of the design: Powertools' idempotency records.
STACK_OWN = {"IdempotencyTable"}


@pytest.mark.parametrize("case_id", [case.id for case in CASES])
def test_the_four_designs_agree_on_the_stores(case_id):
    # given
    workload, assessment = _assessed(case_id)
    model = assessment.architecture
    generated = _template(case_id)
    priced = {line.service for line in assessment.costs.serverless.items}

    # when
    named = load_stack("sam-python").resources
    drawn = {
        kind: {named[c.id]["logical_id"] for c in model.components if c.kind == kind}
        for kind in STORE_KINDS
    }
    built = {
        kind: set(_resources(generated, resource)) - STACK_OWN
        for kind, resource in STORE_KINDS.items()
    }

    # then
    for kind in STORE_KINDS:
        assert drawn[kind] == built[kind], kind
    assert bool(drawn["proxy"]) == ("rds_proxy" in priced) == bool(built["proxy"])
    if workload.data_store.value in ("key_value", "document") and workload.avg_rps > 0:
        assert drawn["table"] and built["table"]


@pytest.mark.parametrize("case_id", [case.id for case in CASES][:6])
def test_the_report_shows_the_design_it_priced_and_drew(case_id):
    # given
    workload, assessment = _assessed(case_id)

    # when
    context = report_context(
        workload=workload, assessment=assessment, generated_on=dt.date(2026, 11, 30)
    )

    # then
    assert context["design_choices"] == design_choice_rows(assessment.design)
    dot = diagram_dot(assessment.architecture)
    for function in assessment.architecture.functions:
        assert function.id in dot
