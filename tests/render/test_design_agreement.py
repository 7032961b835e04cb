"""The priced, drawn, reported and generated designs agree, for every benchmark workload.

One model decides the components (advisor/engine/design.py): the cost lines, the diagram,
the PDF report and the starter repo are drawn from it. For each workload of the decision
benchmark this checks that the four say the same: the API type, the workflow type, how
cold starts are met, how GPU work runs (a service for a waiting caller, jobs otherwise),
the functions and the stores, and that every resource the template builds is a component
of the model and a node of the diagram.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from functools import cache

import pytest

from advisor.engine import evaluate
from advisor.engine.architecture.catalog import pattern_catalog
from advisor.engine.costs.private_network import ENDPOINT_WORDS, route_words
from advisor.engine.design import streams_within_lambda
from advisor.engine.platform import limit
from advisor.engine.workload import HOURS_PER_MONTH
from advisor.forms import WorkloadForm
from advisor.render.diagram import ROLE_KIND, ROLES_NODE_ID, build_diagram, diagram_dot
from advisor.render.reasoning import design_choice_rows
from advisor.render.report import report_context
from advisor.render.scaffold import scaffold_files
from advisor.render.scaffold.context import stack_for_design
from advisor.render.scaffold.names import logical_id
from advisor.render.scaffold.tree import load_stack
from advisor_tooling.decision_cases import decision_cases
from tests.cfn import load_template, resources_of_type
from tests.engine.test_event_stream import TELEMETRY
from tests.engine.test_private_network import vpc_calls
from tests.render.workloads import DESIGN_CASES


@dataclass(frozen=True)
class _Case:
    id: str
    workload: dict


# Every benchmark workload, and the designs the benchmark does not reach (long runs a caller
# waits for, public fleets behind their own load balancers, streamed answers).
CASES = [_Case(case.id, case.workload) for case in decision_cases()] + [
    _Case(case_id, answers) for case_id, answers in DESIGN_CASES
]


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
    return load_template(files["template.yaml"])


@cache
def _report(case_id: str) -> dict:
    """The PDF report's context (~0.1 s of CPU a case), read by several tests per case."""
    workload, assessment = _assessed(case_id)
    return report_context(
        workload=workload, assessment=assessment, generated_on=dt.date(2026, 12, 1)
    )


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
    assert bool(resources_of_type(generated, "AWS::Serverless::HttpApi")) == http_priced
    sockets = [
        api
        for api in resources_of_type(generated, "AWS::ApiGatewayV2::Api").values()
        if api["Properties"].get("ProtocolType") == "WEBSOCKET"
    ]
    assert bool(sockets) == socket_priced
    rest_priced = any(item.startswith("REST API") for item in priced)
    rest_built = resources_of_type(generated, "AWS::Serverless::Api")
    assert (
        rest_priced == ("rest" in design.api_types) == ("stream_api" in drawn) == bool(rest_built)
    )


@pytest.mark.parametrize("case_id", [case.id for case in CASES])
def test_the_four_designs_agree_on_the_load_balancer_in_front_of_the_functions(case_id):
    # given
    workload, assessment = _assessed(case_id)
    design, model = assessment.design, assessment.architecture
    generated = _template(case_id)

    # when
    priced = [item for item in _lines(assessment, "alb") if item.endswith("(Lambda targets)")]
    targets = {fn.id for fn in model.functions if fn.trigger == "lambda_alb"}
    groups = [
        group
        for group in resources_of_type(
            generated, "AWS::ElasticLoadBalancingV2::TargetGroup"
        ).values()
        if group["Properties"]["TargetType"] == "lambda"
    ]
    permissions = [
        permission
        for permission in resources_of_type(generated, "AWS::Lambda::Permission").values()
        if permission["Properties"]["Principal"] == "elasticloadbalancing.amazonaws.com"
    ]

    # then: chosen, priced, drawn and built together, one target group per function
    chosen = "alb" in design.api_types
    assert bool(priced) == chosen == ("lambda_alb" in _drawn(model)) == bool(targets)
    assert len(groups) == len(permissions) == len(targets)
    if chosen:
        assert "FrontDoor" in generated["Resources"]
        assert not resources_of_type(generated, "AWS::Serverless::HttpApi")
        web_acls = resources_of_type(generated, "AWS::WAFv2::WebACLAssociation")
        assert bool(web_acls) == (workload.auth.value == "public")
        if web_acls:  # the rules the shared firewall lines price
            rules = next(line for line in assessment.costs.shared.items if line.item == "rules")
            acl = generated["Resources"]["FrontDoorWebAcl"]["Properties"]
            assert len(acl["Rules"]) == rules.quantity


@pytest.mark.parametrize("case_id", [case.id for case in CASES])
def test_the_four_designs_agree_on_the_function_url_in_front_of_the_functions(case_id):
    # given
    workload, assessment = _assessed(case_id)
    design, model = assessment.design, assessment.architecture
    functions = resources_of_type(_template(case_id), "AWS::Serverless::Function")

    # when
    served = {fn.id for fn in model.functions if fn.trigger == "function_url"}
    urls = {
        name: fn["Properties"]["FunctionUrlConfig"]
        for name, fn in functions.items()
        if "FunctionUrlConfig" in fn["Properties"]
    }
    reason = next((c.reason for c in design.choices if c.topic == "api"), "")

    # then: chosen, drawn and built together, signed by IAM, with no HTTP API priced or built
    chosen = "function_url" in design.api_types
    assert chosen == ("function_url" in _drawn(model)) == bool(served) == bool(urls)
    assert set(urls) == {logical_id(fn_id) for fn_id in served}
    assert all(url["AuthType"] == "AWS_IAM" for url in urls.values())
    if chosen:
        assert workload.auth.value == "iam" and "AWS_IAM" in reason
        assert not _lines(assessment, "api_gateway")
        assert not resources_of_type(_template(case_id), "AWS::Serverless::HttpApi")
        assert "AWS_IAM" in str(_report(case_id)["design_choices"])
        assert "Lambda function URL" in diagram_dot(model)


@pytest.mark.parametrize("case_id", [case.id for case in CASES])
def test_the_four_designs_agree_on_the_fleet_load_balancers(case_id):
    # given
    workload, assessment = _assessed(case_id)
    model = assessment.architecture
    generated = _template(case_id)

    # when
    lines = assessment.costs.serverless.items
    nlb_priced = any(line.service == "nlb" for line in lines)
    fleet_alb_priced = any(
        line.service == "alb" and not line.item.endswith("(Lambda targets)") for line in lines
    )
    built = {
        balancer["Properties"].get("Type", "application")
        for balancer in resources_of_type(
            generated, "AWS::ElasticLoadBalancingV2::LoadBalancer"
        ).values()
    }
    drawn_albs = {"hot_path_alb", "gpu_service_alb"} & _drawn(model)

    # then: a Network Load Balancer is priced where one is drawn and built, and a fleet's
    # Application Load Balancer only where the fleet answers the requests
    assert nlb_priced == ("connection_nlb" in _drawn(model)) == ("network" in built)
    assert fleet_alb_priced == bool(drawn_albs)
    # Requests that are the traffic on raw connections reach the fleet through its NLB:
    # one fleet and one load balancer, never a second one behind an ALB.
    # (A stream that ends within Lambda's limit is answered by a streaming function.)
    held = workload.persistent_connections.value in ("tcp", "streaming")
    raw = held and not streams_within_lambda(workload)
    if raw and [t.value for t in workload.triggers] == ["http"]:
        assert built == {"network"} and not fleet_alb_priced
        assert "hot_path_service" not in _drawn(model)


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
    generated = resources_of_type(_template(case_id), "AWS::Serverless::StateMachine")

    # then
    if design.workflow_type in (None, "state_table"):
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
def test_the_four_designs_agree_on_a_state_table(case_id):
    # given
    workload, assessment = _assessed(case_id)
    design, model = assessment.design, assessment.architecture
    chosen = design.workflow_type == "state_table"

    # when: the choice's reason, the priced lines, the drawing and the template
    why = next((c.reason for c in design.choices if c.topic == "workflow"), "")
    priced = {line.service for line in assessment.costs.serverless.items}
    pending = [line for line in assessment.costs.serverless.items if "pending runs" in line.item]
    drawn = _drawn(model)
    template = _template(case_id)
    tables = resources_of_type(template, "AWS::DynamoDB::Table")
    groups = resources_of_type(template, "AWS::Scheduler::ScheduleGroup")
    routes = [
        fn["Properties"]["Events"]["Http"]["Properties"]["Path"]
        for fn in resources_of_type(template, "AWS::Serverless::Function").values()
        if "Http" in fn["Properties"].get("Events", {})
    ]

    # then: all say the same, and the reason names what each engine would cost
    assert ("eventbridge_scheduler" in priced) == chosen == bool(pending)
    assert {"workflow_state_table", "run_timeouts", "workflow_timeout"} <= drawn or not chosen
    assert ("WorkflowStateTable" in tables) == chosen == bool(groups)
    assert ("/callbacks" in routes) == chosen or "alb" in design.api_types
    if chosen:
        assert "Standard workflows" in why and "durable functions" in why
        assert tables["WorkflowStateTable"]["Properties"]["TimeToLiveSpecification"]["Enabled"]


@pytest.mark.parametrize("case_id", [case.id for case in CASES])
def test_the_four_designs_agree_on_cold_starts_and_functions(case_id):
    # given
    workload, assessment = _assessed(case_id)
    design, model = assessment.design, assessment.architecture
    generated = resources_of_type(_template(case_id), "AWS::Serverless::Function")

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


def _cron_hour(cron: str) -> float:
    """The time of day, in hours, of a daily `cron(M H * * ? *)`."""
    minute, hour = cron.removeprefix("cron(").split()[:2]
    return int(hour) + int(minute) / 60


def _generated_warm_environments(template: dict) -> dict[str, float]:
    """Per function: the provisioned environments the template keeps, averaged over a day
    (the alias's figure, raised by its scheduled scaling through the busy hours)."""
    targets = resources_of_type(template, "AWS::ApplicationAutoScaling::ScalableTarget")
    parameters = template.get("Parameters", {})
    kept = {}
    for name, function in resources_of_type(template, "AWS::Serverless::Function").items():
        config = function["Properties"].get("ProvisionedConcurrencyConfig")
        if not config:
            continue
        off_peak = config["ProvisionedConcurrentExecutions"]
        schedule = [
            t["Properties"]
            for t in targets.values()
            if t["Properties"]["ResourceId"] == {"Fn::Sub": f"function:${{{name}}}:live"}
        ]
        if not schedule:
            kept[name] = float(off_peak)
            continue
        actions = {a["ScheduledActionName"]: a for a in schedule[0]["ScheduledActions"]}
        start, end = (
            _cron_hour(parameters[actions[which]["Schedule"]["Ref"]]["Default"])
            for which in ("busy-hours-start", "busy-hours-end")
        )
        busy_hours = (end - start) % 24
        peak = actions["busy-hours-start"]["ScalableTargetAction"]["MinCapacity"]
        assert actions["busy-hours-end"]["ScalableTargetAction"]["MinCapacity"] == off_peak
        assert schedule[0]["MaxCapacity"] == peak
        kept[name] = (peak * busy_hours + off_peak * (24 - busy_hours)) / 24
    return kept


@pytest.mark.parametrize("case_id", [case.id for case in CASES])
def test_the_template_keeps_the_provisioned_concurrency_the_estimate_prices(case_id):
    # given
    workload, assessment = _assessed(case_id)
    priced = [
        line
        for line in assessment.costs.serverless.items
        if line.service == "lambda" and line.item.startswith("provisioned concurrency")
    ]

    # when: the priced GB-seconds over a month at the function's memory are the
    # environments kept on average (peak's figure in the busy hours, the base the rest)
    seconds = HOURS_PER_MONTH * 3600
    priced_environments = sum(line.quantity for line in priced) / (
        workload.memory_mb / 1024 * seconds
    )
    generated = _generated_warm_environments(_template(case_id))

    # then: the same count on the same schedule, on one function; none with SnapStart
    assert sum(generated.values()) == pytest.approx(priced_environments, rel=1e-6)
    assert len(generated) == (1 if priced else 0)
    if assessment.design.warm_start.kind == "snapstart":
        targets = resources_of_type(
            _template(case_id), "AWS::ApplicationAutoScaling::ScalableTarget"
        ).values()
        assert not generated
        assert all(t["Properties"]["ServiceNamespace"] != "lambda" for t in targets)


@pytest.mark.parametrize("case_id", [case.id for case in CASES])
def test_the_four_designs_agree_on_the_edge_in_front_of_a_public_api(case_id):
    # given
    workload, assessment = _assessed(case_id)
    template = _template(case_id)

    # when
    priced_edge = bool(_lines(assessment, "cloudfront"))
    firewall = [line for line in assessment.costs.shared.items if line.service == "waf"]
    drawn = _drawn(assessment.architecture)
    built = resources_of_type(template, "AWS::CloudFront::Distribution")
    acls = {
        name: acl
        for name, acl in resources_of_type(template, "AWS::WAFv2::WebACL").items()
        if acl["Properties"]["Scope"] == "CLOUDFRONT"
    }

    # then: CloudFront is priced, drawn and built together, with the web ACL the shared
    # lines price on it; the reason says why
    assert priced_edge == (assessment.design.edge == "cloudfront")
    assert priced_edge == ("edge_distribution" in drawn) == bool(built)
    assert priced_edge == ("edge_web_acl" in drawn) == bool(acls)
    if priced_edge:
        assert firewall
        assert [a["Properties"]["Scope"] for a in acls.values()] == ["CLOUDFRONT"]
        rules = next(iter(acls.values()))["Properties"]["Rules"]
        waf_rules = next(line for line in firewall if line.item == "rules")
        assert len(rules) == waf_rules.quantity
        api_reason = next(c.reason for c in assessment.design.choices if c.topic == "api")
        assert "CloudFront" in api_reason


@pytest.mark.parametrize("case_id", [case.id for case in CASES])
def test_the_four_designs_agree_on_the_gpu_work(case_id):
    # given
    workload, assessment = _assessed(case_id)
    model, template = assessment.architecture, _template(case_id)

    # when: GPU instances are priced once, among the lines every option shares
    priced = [line for line in assessment.costs.shared.items if line.service == "ec2"]
    choice = next((c for c in assessment.design.choices if c.topic == "gpu"), None)
    groups = resources_of_type(template, "AWS::AutoScaling::AutoScalingGroup")
    batch = resources_of_type(template, "AWS::Batch::JobDefinition")

    # then: a service for a waiting caller, jobs otherwise; chosen, priced, drawn, built
    assert bool(priced) == workload.gpu_required == (choice is not None)
    service = choice is not None and choice.choice == "service"
    assert service == ("gpu_service" in _drawn(model)) == bool(groups)
    assert (choice is not None and choice.choice == "jobs") == ("gpu_batch_job" in _drawn(model))
    assert bool(batch) == ("gpu_batch_job" in _drawn(model))
    if service:
        counts = [int(line.item.split(" x ")[0]) for line in priced]
        (group,) = groups.values()
        assert int(group["Properties"]["MinSize"]) == counts[0]
        assert int(group["Properties"]["MaxSize"]) == sum(counts)
        assert assessment.design.workflow_type is None or workload.workflow.value != "none"


# The model's component kinds that CloudFormation builds as resources of their own, and the
# resource types each may be. (A stream, a schedule and the database secret are parts of
# other resources: the table's StreamSpecification, the function's ScheduleV2 event, the
# cluster's managed master secret.)
BUILT_KINDS = {
    "function": ("AWS::Serverless::Function",),
    "table": ("AWS::DynamoDB::Table",),
    "bucket": ("AWS::S3::Bucket",),
    "queue": ("AWS::SQS::Queue",),
    "topic": ("AWS::SNS::Topic",),
    "delivery_stream": ("AWS::KinesisFirehose::DeliveryStream",),
    "state_machine": ("AWS::Serverless::StateMachine",),
    "api": ("AWS::Serverless::HttpApi", "AWS::ApiGatewayV2::Api", "AWS::Serverless::Api"),
    "load_balancer": ("AWS::ElasticLoadBalancingV2::LoadBalancer",),
    "proxy": ("AWS::RDS::DBProxy",),
    "database": ("AWS::RDS::DBCluster", "AWS::RDS::DBInstance"),
    "kms_key": ("AWS::KMS::Key",),
    "container_service": ("AWS::ECS::Service", "AWS::ECS::TaskDefinition"),
    "container_task": ("AWS::ECS::TaskDefinition",),
    "batch_job": ("AWS::Batch::JobDefinition",),
    "cdn": ("AWS::CloudFront::Distribution",),
    "web_acl": ("AWS::WAFv2::WebACL",),
    "capacity_provider": ("AWS::Lambda::CapacityProvider",),
}
BUILT_TYPES = {kind for kinds in BUILT_KINDS.values() for kind in kinds}
# What the stack names a container part's resources after its logical id.
CONTAINER_RESOURCES = {
    "container_service": ("Service", "Definition"),
    "container_task": ("Definition",),
    "batch_job": ("Definition",),
}


def _logical_ids(component, assessment) -> set[str]:
    """The template resources the stack builds for one model component."""
    stack = stack_for_design(load_stack("sam-python"), assessment)
    if component.id in stack.containers:
        prefix = stack.containers[component.id]["logical_id"]
        return {prefix + suffix for suffix in CONTAINER_RESOURCES[component.kind]}
    if component.id in stack.resources:
        resource = stack.resources[component.id]
        return {resource["logical_id"], *resource.get("companions", ())}
    return {logical_id(component.id)}


def _drawn(model) -> set[str]:
    diagram = build_diagram(model)
    return {node.id for cluster in diagram.clusters for node in cluster.nodes}


@pytest.mark.parametrize("case_id", [case.id for case in CASES])
def test_the_template_the_model_and_the_diagram_have_the_same_components(case_id):
    # given
    workload, assessment = _assessed(case_id)
    model = assessment.architecture
    template = _template(case_id)

    # when
    modelled = {c.id: c for c in model.components if c.kind in BUILT_KINDS}
    expected = {name: c for c in modelled.values() for name in _logical_ids(c, assessment)}
    built = {
        name for name, resource in template["Resources"].items() if resource["Type"] in BUILT_TYPES
    }
    drawn = _drawn(model)

    # then: every resource built is in the model, as the type its kind says, and drawn
    assert built == expected.keys(), f"built, not modelled: {built - expected.keys()}; " + (
        f"modelled, not built: {expected.keys() - built}"
    )
    for name, component in expected.items():
        assert template["Resources"][name]["Type"] in BUILT_KINDS[component.kind], name
    roles = {c.id for c in model.components if c.kind == ROLE_KIND}
    assert drawn == {c.id for c in model.components} - roles | ({ROLES_NODE_ID} if roles else set())
    assert modelled.keys() <= drawn


@pytest.mark.parametrize("case_id", [case.id for case in CASES])
def test_the_four_designs_agree_on_the_capacity_provider(case_id):
    # given
    workload, assessment = _assessed(case_id)
    provider = assessment.design.capacity_provider
    template = _template(case_id)
    functions = resources_of_type(template, "AWS::Serverless::Function")

    # when
    priced = bool(_lines(assessment, "lambda_managed_instances"))
    drawn = [c for c in assessment.architecture.components if c.kind == "capacity_provider"]
    built = resources_of_type(template, "AWS::Lambda::CapacityProvider")
    configured = [f for f in functions.values() if "CapacityProviderConfig" in f["Properties"]]
    reported = [r for r in design_choice_rows(assessment.design) if r.choice == "managed instances"]

    # then: priced, drawn, built and reported alike, on the instances the estimate priced
    assert priced == bool(drawn) == bool(built) == bool(reported) == (provider is not None)
    assert len(configured) == (len(functions) if provider else 0)
    if provider is not None:
        (resource,) = built.values()
        requirements = resource["Properties"]["InstanceRequirements"]
        assert requirements["AllowedInstanceTypes"] == [provider.instance_type]
        scaling = resource["Properties"]["CapacityProviderScalingConfig"]
        assert scaling["MaxVCpuCount"] == provider.max_vcpu
        assert all(f["Properties"]["MemorySize"] >= 2048 for f in functions.values())


@pytest.mark.parametrize("case_id", [case.id for case in CASES])
def test_the_four_designs_agree_on_the_stores(case_id):
    # given
    workload, assessment = _assessed(case_id)
    model = assessment.architecture
    template = _template(case_id)
    priced = {line.service for line in assessment.costs.serverless.items}
    records_priced = any(
        "idempotency records" in line.item for line in assessment.costs.serverless.items
    )
    idempotent = load_stack("sam-python").functions

    # when
    built = set(template["Resources"])
    # Consumers whose one keyed write is their idempotency keep no record (design choice).
    keyed = assessment.design.event_idempotency == "keyed"
    consumers = {
        fn.id
        for fn in model.functions
        if idempotent[fn.copy_of or fn.id].get("idempotent") and not keyed
    }
    containers = load_stack("sam-python").containers
    consumers |= {  # a worker service reading the queue records what it handled, too
        c.id
        for c in model.components
        if "idempotency_table" in containers.get(c.id, {}).get("grants", {})
    }
    recording = {e.source for e in model.edges if e.target == "idempotency_table"}
    recording.discard("data_key")  # the key encrypts it when the data is sensitive

    # then: the proxy is priced, drawn and built together; event consumers keep their
    # idempotency records in a table the diagram shows, and the estimate pays its writes
    assert ("db_proxy" in _drawn(model)) == ("rds_proxy" in priced) == ("DbProxy" in built)
    if workload.data_store.value in ("key_value", "document") and workload.avg_rps > 0:
        assert "app_table" in _drawn(model) and "AppTable" in built
    assert recording == consumers
    assert (
        ("idempotency_table" in _drawn(model)) == bool(consumers) == ("IdempotencyTable" in built)
    )
    assert records_priced == ("idempotency_table" in _drawn(model))


@cache
def _files(case_id: str) -> dict:
    workload, assessment = _assessed(case_id)
    return scaffold_files(workload=workload, assessment=assessment)


def _keyed_cases() -> list[str]:
    """The cases whose consumers' keyed writes are their idempotency."""
    keyed = [c.id for c in CASES if _assessed(c.id)[1].design.event_idempotency == "keyed"]
    assert keyed, "no benchmark case has a consumer whose keyed write is its idempotency"
    return keyed


@pytest.mark.parametrize("case_id", _keyed_cases())
def test_consumers_priced_without_records_are_built_without_them(case_id):
    # given
    workload, assessment = _assessed(case_id)
    idempotent = load_stack("sam-python").functions

    # when
    files = _files(case_id)
    python = "src/common/stores.py" in files
    consumers = [
        fn.id
        for fn in assessment.architecture.functions
        if (fn.copy_of or fn.id) in idempotent and idempotent[fn.copy_of or fn.id].get("idempotent")
    ]
    handlers = [
        files[f"src/{fn_id}/handler.py" if python else f"src/functions/{fn_id}/handler.ts"].decode()
        for fn_id in consumers
    ]

    # then: no Powertools record; the write is keyed by the event, as the estimate priced
    assert handlers
    for text in handlers:
        assert "idempotent_function" not in text and "makeIdempotent" not in text
        assert "No idempotency record" in text
    assert b"IDEMPOTENCY_TABLE_NAME" not in files["template.yaml"]


@pytest.mark.parametrize("case_id", [case.id for case in CASES])
def test_the_four_designs_agree_on_the_tables_capacity(case_id):
    # given
    workload, assessment = _assessed(case_id)
    capacity, model = assessment.design.table_capacity, assessment.architecture
    template = _template(case_id)

    # when
    items = [line.item for line in assessment.costs.shared.items if line.service == "dynamodb"]
    tables = resources_of_type(template, "AWS::DynamoDB::Table")
    targets = {
        name: target
        for name, target in resources_of_type(
            template, "AWS::ApplicationAutoScaling::ScalableTarget"
        ).items()
        if target["Properties"]["ServiceNamespace"] == "dynamodb"
    }
    drawn = {c.id: c for c in model.components}

    # then: provisioned capacity is priced, labelled and built with auto scaling together
    provisioned = capacity is not None and capacity.mode == "provisioned"
    assert provisioned == ("provisioned write capacity" in items)
    if "AppTable" in tables:
        mode = tables["AppTable"]["Properties"]["BillingMode"]
        assert mode == ("PROVISIONED" if provisioned else "PAY_PER_REQUEST")
        assert dict(drawn["app_table"].properties)["billing_mode"] == mode
    assert bool(targets) == provisioned
    if provisioned:
        bounds = {t["Properties"]["ScalableDimension"]: t["Properties"] for t in targets.values()}
        writes = bounds["dynamodb:table:WriteCapacityUnits"]
        assert writes["MinCapacity"] == capacity.base_wcu
        assert writes["MaxCapacity"] >= capacity.peak_wcu
        assert bounds["dynamodb:table:ReadCapacityUnits"]["MinCapacity"] == capacity.base_rcu


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


def _stream_agreement(assessment, template: dict) -> None:
    """Priced, drawn, reported and built alike: the stream (with the mapping's batching)
    or the topic, never both and never neither for published events."""
    design, model = assessment.design, assessment.architecture
    shared = {line.service for line in assessment.costs.shared.items}
    streams = resources_of_type(template, "AWS::Kinesis::Stream")
    stream = design.event_stream
    assert (stream is not None) == ("kinesis" in shared) == ("event_stream" in _drawn(model))
    assert bool(streams) == (stream is not None)
    assert ("events" in {choice.topic for choice in design.choices}) == (stream is not None)
    if stream is None:
        return
    assert "sns" not in shared and "EventTopic" not in template["Resources"]
    (built,) = streams.values()
    mode = built["Properties"]["StreamModeDetails"]["StreamMode"]
    assert mode == stream.mode.upper()
    assert built["Properties"].get("ShardCount", stream.shards) == stream.shards
    mappings = [
        event["Properties"]
        for function in resources_of_type(template, "AWS::Serverless::Function").values()
        for event in function["Properties"].get("Events", {}).values()
        if event["Type"] == "Kinesis"
    ]
    # One mapping per consumer, each reading through its own enhanced fan-out consumer
    # where the estimate priced them, else the stream's shared reads.
    assert len(mappings) == stream.consumers
    readers = resources_of_type(template, "AWS::Kinesis::StreamConsumer")
    assert len(readers) == (stream.consumers if stream.enhanced_fan_out else 0)
    read_from = {json.dumps(mapping["Stream"], sort_keys=True) for mapping in mappings}
    if stream.enhanced_fan_out:
        assert read_from == {
            json.dumps({"Fn::GetAtt": [name, "ConsumerARN"]}, sort_keys=True) for name in readers
        }
    else:
        assert read_from == {json.dumps({"Fn::GetAtt": ["EventStream", "Arn"]}, sort_keys=True)}
    for mapping in mappings:
        assert mapping["BatchSize"] == stream.batch_size
        assert mapping["MaximumBatchingWindowInSeconds"] == stream.batching_window_s
        assert mapping["ParallelizationFactor"] == stream.parallelization_factor
    assert 1 <= stream.parallelization_factor <= 10


@pytest.mark.parametrize("case_id", [case.id for case in CASES])
def test_the_four_designs_agree_on_the_event_stream(case_id):
    # given
    workload, assessment = _assessed(case_id)

    # then
    if "pubsub" not in {t.value for t in workload.triggers}:
        assert assessment.design.event_stream is None
    _stream_agreement(assessment, _template(case_id))


def test_the_telemetry_stream_is_built_as_it_was_priced():
    # given: 20,000 events/s of telemetry published and archived to S3
    answers = TELEMETRY
    form = WorkloadForm(data=answers, reject_unknown=True)
    assert form.is_valid(), form.errors
    workload = form.workload()
    assessment = evaluate(workload)

    # when
    template = load_template(
        scaffold_files(workload=workload, assessment=assessment)["template.yaml"]
    )

    # then
    assert assessment.design.event_stream.mode == "provisioned"
    _stream_agreement(assessment, template)
    dot = diagram_dot(assessment.architecture)
    assert "event_stream" in dot and "event_topic" not in dot


def _fargate_task_lines(assessment) -> list:
    return _fargate_task_lines_of(assessment.costs.serverless)


@pytest.mark.parametrize("case_id", [case.id for case in CASES])
def test_the_four_designs_agree_on_runs_longer_than_lambda_allows(case_id):
    # given
    workload, assessment = _assessed(case_id)
    design, model, template = assessment.design, assessment.architecture, _template(case_id)
    task = design.job_task

    # when
    priced = _fargate_task_lines(assessment)
    drawn = {c.id: dict(c.properties) for c in model.components}
    definition = template["Resources"].get("LongRunningTaskDefinition", {}).get("Properties")
    services = resources_of_type(template, "AWS::ECS::Service")
    choice = next((c for c in design.choices if c.topic == "jobs"), None)

    # then: a Fargate task per run, priced at the size drawn and built, and no fleet for it
    assert (task is not None) == ("long_running_task" in drawn) == bool(definition)
    assert (task is not None) == (choice is not None and choice.choice != "worker_service")
    if task is None:
        return
    size = f"({task.vcpu:g} vCPU, {task.memory_gb:g} GB"
    assert priced and all(size in line.item for line in priced)
    assert drawn["long_running_task"] == {
        "vcpu": f"{task.vcpu:g}",
        "memory_gb": f"{task.memory_gb:g}",
    }
    assert (int(definition["Cpu"]), int(definition["Memory"])) == (
        round(task.vcpu * 1024),
        round(task.memory_gb * 1024),
    )
    job_seconds = workload.requests_per_month * workload.avg_duration_ms / 1000
    vcpu_hours = next(line for line in priced if line.item.startswith("vCPU"))
    assert vcpu_hours.quantity == pytest.approx(job_seconds / 3600 * task.vcpu)
    assert not services and "alb" not in {
        line.service for line in assessment.costs.serverless.items
    }


@pytest.mark.parametrize("case_id", [case.id for case in CASES])
def test_a_caller_of_a_long_run_submits_a_job_and_polls_for_it(case_id):
    # given
    workload, assessment = _assessed(case_id)
    design, model, template = assessment.design, assessment.architecture, _template(case_id)

    # when
    submits = _jobs_choice(design) == "submit_and_poll"
    functions = {fn.id: fn for fn in model.functions}
    glue = [
        line
        for line in assessment.costs.serverless.items
        if line.service == "api_gateway" and line.item.startswith("HTTP")
    ]
    rows = _report(case_id)["design_choices"]

    # then: the API takes jobs and answers their state; no request waits on a run
    assert submits == ("job_api" in functions) == ("JobApi" in template["Resources"])
    if not submits:
        return
    assert "http" in design.api_types and "api_handler" not in functions
    grants = {a for p in functions["job_api"].permissions for a in p.actions}
    assert {"states:StartExecution", "states:DescribeExecution"} <= grants
    polls = workload.avg_duration_ms / 1000 / 30 + 1  # the default poll interval
    assert glue[0].quantity * 1e6 == pytest.approx(workload.requests_per_month * (1 + polls))
    assert any(row.topic == "Long runs" and row.choice == "submit and poll" for row in rows)


_FLEET_DOORS = {"hot_path_alb": "HotPath", "gpu_service_alb": "GpuService"}


@pytest.mark.parametrize("case_id", [case.id for case in CASES])
def test_a_public_fleet_s_load_balancer_carries_the_web_acl_the_estimate_prices(case_id):
    # given
    workload, assessment = _assessed(case_id)
    template, drawn = _template(case_id), _drawn(assessment.architecture)
    rules = next(
        (
            line
            for line in assessment.costs.shared.items
            if line.service == "waf" and line.item == "rules"
        ),
        None,
    )

    for door, prefix in _FLEET_DOORS.items():
        if door not in drawn:
            continue
        # when
        acl = template["Resources"].get(f"{prefix}WebAcl")
        association = template["Resources"].get(f"{prefix}WebAclAssociation")

        # then: public <=> drawn, built on that load balancer and priced with its rules
        public = workload.auth.value == "public"
        assert public == (f"{door.removesuffix('_alb')}_web_acl" in drawn) == bool(acl)
        assert public == (rules is not None)
        if public:
            assert acl["Properties"]["Scope"] == "REGIONAL"
            assert len(acl["Properties"]["Rules"]) == rules.quantity
            assert association["Properties"]["ResourceArn"] == {"Ref": f"{prefix}LoadBalancer"}


@pytest.mark.parametrize("case_id", [case.id for case in CASES])
def test_long_runs_started_faster_than_fargate_launches_are_worked_by_one_service(case_id):
    # given
    workload, assessment = _assessed(case_id)
    design, model, template = assessment.design, assessment.architecture, _template(case_id)

    # when
    served = _jobs_choice(design) == "worker_service"
    too_fast = (
        "long_running_jobs" in {part.value for part in design.offloaded_parts}
        and not workload.gpu_required
        and [t.value for t in workload.triggers] == ["queue"]
        and workload.peak_rps > limit("fargate_task_launches_per_s")
    )
    fargate = {
        key: sorted((line.item, line.quantity) for line in _fargate_task_lines_of(estimate))
        for key, estimate in (
            ("serverless", assessment.costs.serverless),
            ("containers", assessment.costs.estimate("containers")),
        )
    }
    rows = _report(case_id)["design_choices"]

    # then: priced as the containers option's fleet, drawn and built as a service reading
    # the queue, with no workflow, task definition per run or function; the page says why
    assert served == too_fast
    assert (
        served == ("worker_service" in _drawn(model)) == ("WorkerService" in template["Resources"])
    )
    if not served:
        return
    assert fargate["serverless"] == fargate["containers"]
    assert design.workflow_type is None and design.job_task is None
    assert not model.functions and not resources_of_type(template, "AWS::Serverless::Function")
    assert "LongRunningTaskDefinition" not in template["Resources"]
    assert not resources_of_type(template, "AWS::Serverless::StateMachine")
    service = template["Resources"]["WorkerService"]["Properties"]
    assert "LoadBalancers" not in service
    assert ("work_queue", "worker_service") in {(e.source, e.target) for e in model.edges}
    statements = template["Resources"]["WorkerRole"]["Properties"]["Policies"][0]
    actions = {a for s in statements["PolicyDocument"]["Statement"] for a in s["Action"]}
    assert {"sqs:ReceiveMessage", "sqs:DeleteMessage"} <= actions
    assert any(row.topic == "Long runs" and "20 tasks a second" in row.reason for row in rows)
    summary = " ".join(r.message for r in assessment.verdict.reasons)
    assert "Step Functions can start the tasks" not in summary


def _fargate_task_lines_of(estimate) -> list:
    return [line for line in estimate.items if line.service == "fargate"]


@pytest.mark.parametrize("case_id", [case.id for case in CASES])
def test_a_function_that_only_hands_work_on_is_built_at_the_glue_size(case_id):
    # given
    workload, assessment = _assessed(case_id)
    design, model = assessment.design, assessment.architecture
    functions = resources_of_type(_template(case_id), "AWS::Serverless::Function")

    # when: the work runs as jobs a workflow starts (a Fargate task, or AWS Batch on GPUs)
    jobs = {c.choice for c in design.choices if c.topic in ("jobs", "gpu")}
    # (a workflow's own steps around the runs do real work at the work's size)
    hands_on = [
        fn
        for fn in model.functions
        if fn.trigger not in ("http_api", "lambda_alb", "function_url", "workflow_state_machine")
    ]
    built = {name: fn["Properties"].get("MemorySize") for name, fn in functions.items()}

    # then: the event functions start executions at the size the estimate prices them
    if not jobs & {"fargate_task", "jobs"}:
        return
    glue_mb = pattern_catalog().sizing.glue_memory_mb
    for fn in hands_on:
        assert fn.memory_mb == glue_mb, fn.id
        assert built[logical_id(fn.id)] == glue_mb, fn.id


def _jobs_choice(design) -> str | None:
    """How the design runs work longer than Lambda's limit, if it has any."""
    return next((c.choice for c in design.choices if c.topic == "jobs"), None)


def _built_database(template: dict) -> dict:
    return template["Resources"]["Database"]


@pytest.mark.parametrize("case_id", [case.id for case in CASES])
def test_the_four_designs_agree_on_the_database_its_proxy_and_its_route_out(case_id):
    # given
    workload, assessment = _assessed(case_id)
    database, model = assessment.design.database, assessment.architecture
    if workload.data_store.value != "relational":
        assert database is None
        return
    template = _template(case_id)

    # when
    shared = {line.service: line for line in assessment.costs.shared.items}
    own = [line.service for line in assessment.costs.serverless.items]
    built = _built_database(template)
    drawn = next(c for c in model.components if c.id == "database")
    choice = next(c for c in assessment.design.choices if c.topic == "database")
    egress = template["Resources"]["FunctionSecurityGroup"]["Properties"]["SecurityGroupEgress"]

    # then: the engine priced is the engine drawn and built, with the reason shown
    assert choice.choice == database.engine
    if database.pauses:
        scaling = built["Properties"]["ServerlessV2ScalingConfiguration"]
        assert "aurora_postgresql" in shared and "rds_postgresql" not in shared
        assert built["Type"] == "AWS::RDS::DBCluster" and scaling["MinCapacity"] == 0
        assert scaling["SecondsUntilAutoPause"] == database.seconds_until_auto_pause
        assert "pauses at 0 ACU" in drawn.label and "pausing at 0 ACU" in choice.reason
    else:
        priced = next(line for line in assessment.costs.shared.items if "Multi-AZ" in line.item)
        assert "rds_postgresql" in shared and "aurora_postgresql" not in shared
        assert built["Type"] == "AWS::RDS::DBInstance" and built["Properties"]["MultiAZ"] is True
        assert database.instance_class in priced.item
        assert built["Properties"]["DBInstanceClass"] == database.instance_class
        assert database.instance_class in drawn.label
    # the proxy: priced, drawn and built together, never in front of a pausing database
    assert database.proxy == ("rds_proxy" in own) == ("DbProxy" in template["Resources"])
    assert not (database.proxy and database.pauses)
    # the route out: what the functions call from the VPC is priced and built alike
    https_out = any(rule["FromPort"] == 443 for rule in egress)
    routed = set(database.gateway_endpoints) | set(database.interface_endpoints)
    built = {
        resource["Properties"]["ServiceName"]["Fn::Sub"].rsplit(".", 1)[1]: resource
        for resource in resources_of_type(template, "AWS::EC2::VPCEndpoint").values()
    }
    fleet = any(c.offloaded for c in model.components)
    assert https_out == (database.nat or bool(routed))
    assert database.nat or vpc_calls(model) <= routed
    assert set(built) == routed
    assert {api for api, r in built.items() if r["Properties"]["VpcEndpointType"] == "Gateway"} == (
        set(database.gateway_endpoints)
    )
    assert ("vpc_endpoint" in own) == bool(database.interface_endpoints)
    # drawn: the database's label names each endpoint, and NAT gateways when priced
    words = [ENDPOINT_WORDS[api] for api in routed]
    assert all(word in drawn.label for word in words)
    assert ("NAT gateways" in drawn.label) == database.nat
    if not fleet:
        assert ("nat_gateway" in own) == database.nat
    assert "nat_gateway" not in shared and "vpc_endpoint" not in shared


@pytest.mark.parametrize("case_id", [case.id for case in CASES])
def test_a_fleet_beside_the_functions_routes_out_as_priced_and_documented(case_id):
    # given
    workload, assessment = _assessed(case_id)
    route = assessment.design.fleet_route
    if route is None:
        return
    files = scaffold_files(workload=workload, assessment=assessment)

    # when
    own = assessment.costs.serverless.items
    endpoints = [line.item for line in own if line.service == "vpc_endpoint"]
    nat = [line.item for line in own if line.service == "nat_gateway"]
    subnets = load_template(files["template.yaml"])["Parameters"]["PrivateSubnetIds"]
    readme = " ".join(files["README.md"].decode().split())

    # then: NAT gateways, or an interface endpoint for each service named, as priced
    if route.nat:
        assert nat and not route.interface_endpoints
    else:
        assert not nat
        named = [ENDPOINT_WORDS[api] for api in route.interface_endpoints]
        assert any(all(word in item for word in named) for item in endpoints)
    # and the starter repo tells the VPC's owner which route that is
    assert route_words(route) in subnets["Description"]
    assert f"prices its route out as {route_words(route)}" in readme


@pytest.mark.parametrize("case_id", [case.id for case in CASES])
def test_the_four_designs_agree_on_streamed_answers(case_id):
    # given
    workload, assessment = _assessed(case_id)
    model, template = assessment.architecture, _template(case_id)
    report = _report(case_id)

    # when
    streamed = {fn.id: fn for fn in model.functions if fn.trigger == "stream_api"}
    built = {
        name: fn
        for name, fn in resources_of_type(template, "AWS::Serverless::Function").items()
        if any(
            e["Properties"].get("ResponseTransferMode") == "RESPONSE_STREAM"
            for e in fn["Properties"].get("Events", {}).values()
        )
    }
    priced = _lines(assessment, "lambda_streaming")

    # then: the streams are priced, drawn and built through one REST API, or not at all
    chosen = "rest" in assessment.design.api_types
    assert chosen == bool(streamed) == bool(built) == bool(priced)
    # every HTTP workload whose streams end within Lambda's limit streams them on Lambda
    assert chosen == (streams_within_lambda(workload) and "http" in workload.triggers)
    assert set(built) == {logical_id(fn_id) for fn_id in streamed}
    if not chosen:
        return
    reason = next(c.reason for c in assessment.design.choices if c.topic == "api")
    assert "REST API with response streaming" in reason
    assert any(reason in str(row) for row in report["design_choices"])
    for fn in built.values():
        # a stream outlives the HTTP API's 30 s: the function's timeout covers the longest
        assert fn["Properties"]["Timeout"] >= workload.max_duration_s
        for event in fn["Properties"]["Events"].values():
            assert event["Type"] == "Api" and event["Properties"]["RestApiId"] == {
                "Ref": "StreamApi"
            }
    api = template["Resources"]["StreamApi"]["Properties"]
    assert api["EndpointConfiguration"] == {"Type": "REGIONAL"}
    public = workload.auth.value == "public"
    assert (
        ("stream_api_web_acl" in _drawn(model))
        == public
        == ("StreamApiWebAcl" in template["Resources"])
    )
    if public:  # the rules the shared firewall lines price, on the stage itself
        rules = next(line for line in assessment.costs.shared.items if line.item == "rules")
        assert (
            len(template["Resources"]["StreamApiWebAcl"]["Properties"]["Rules"]) == rules.quantity
        )
        assert not resources_of_type(template, "AWS::CloudFront::Distribution")


def test_a_clickstream_s_delivery_stream_is_priced_drawn_and_built_alike():
    # given: 5,000 clicks a second, each one a new object nobody reads back at once
    case_id = "clickstream-public"
    workload, assessment = _assessed(case_id)
    template = _template(case_id)

    # when
    shared = {line.service for line in assessment.costs.shared.items}
    (stream,) = resources_of_type(template, "AWS::KinesisFirehose::DeliveryStream").values()
    (function,) = resources_of_type(template, "AWS::Serverless::Function").values()
    variables = function["Properties"]["Environment"]["Variables"]
    drawn = {(e.source, e.target) for e in assessment.architecture.edges}

    # then: priced as Firehose ingestion, drawn between the function and the bucket, and
    # built with the buffering the estimate priced; the function writes no object itself
    delivery = assessment.design.delivery_stream
    assert "firehose" in shared and "delivery_stream" in _drawn(assessment.architecture)
    assert {("api_handler", "delivery_stream"), ("delivery_stream", "object_bucket")} <= drawn
    hints = stream["Properties"]["ExtendedS3DestinationConfiguration"]["BufferingHints"]
    assert hints == {
        "SizeInMBs": delivery.buffer_mb,
        "IntervalInSeconds": delivery.buffer_interval_s,
    }
    assert "DELIVERY_STREAM_NAME" in variables and "DATA_BUCKET_NAME" not in variables
    assert "Event ingestion" in {row.topic for row in design_choice_rows(assessment.design)}


@pytest.mark.parametrize("case_id", [case.id for case in CASES])
def test_the_four_designs_agree_on_how_gpu_jobs_group_their_items(case_id):
    # given
    workload, assessment = _assessed(case_id)
    design, model, template = assessment.design, assessment.architecture, _template(case_id)
    jobs = design.gpu_jobs

    # then: grouped where GPU jobs run, nowhere else
    assert (jobs is not None) == ("gpu_batch_job" in _drawn(model))
    if jobs is None:
        return
    # priced: one execution per group
    assumed = {a.name: a.value for a in assessment.costs.assumptions}
    executions = jobs.jobs_for(workload.requests_per_month * workload.workflow_share)
    (transitions,) = [
        line for line in assessment.costs.serverless.items if line.service == "step_functions"
    ]
    per_execution = assumed["step_functions_transitions_per_execution"]
    assert transitions.quantity * 1000 == pytest.approx(executions * per_execution, rel=1e-6)
    # drawn: the job's label says how many items it takes
    (job,) = [c for c in model.components if c.id == "gpu_batch_job"]
    assert f"{jobs.items_per_job:,} item" in job.label
    assert f"{jobs.items_per_job:,} item" in diagram_dot(model)
    # reported: the choice and its reason, with the group's size
    gpu_choice = next(c for c in design.choices if c.topic == "gpu")
    assert gpu_choice in design.choices and gpu_choice.reason
    assert _report(case_id)["design_choices"] == design_choice_rows(design)
    if jobs.items_per_job > 1:
        assert f"each job here works {jobs.items_per_job:,} items" in gpu_choice.reason
    # built: the job takes the group, within its timeout
    (definition,) = resources_of_type(template, "AWS::Batch::JobDefinition").values()
    environment = {
        v["Name"]: v["Value"]
        for v in definition["Properties"]["ContainerProperties"]["Environment"]
    }
    assert environment["MAX_ITEMS_PER_JOB"] == str(jobs.batch_size)
    timeout_s = definition["Properties"]["Timeout"]["AttemptDurationSeconds"]
    assert timeout_s >= jobs.model_load_s + jobs.batch_size * workload.max_duration_s
    sqs_events = [
        event["Properties"]
        for function in resources_of_type(template, "AWS::Serverless::Function").values()
        for event in function["Properties"].get("Events", {}).values()
        if event["Type"] == "SQS"
    ]
    assert bool(sqs_events) == (jobs.gathered_by == "queue")
    for event in sqs_events if jobs.gathers_from_queue else ():
        assert event["BatchSize"] == jobs.batch_size
        assert event["MaximumBatchingWindowInSeconds"] == jobs.batching_window_s


def _consumer_functions(model) -> list:
    return [fn for fn in model.functions if fn.consumer]


@pytest.mark.parametrize("case_id", [case.id for case in CASES])
def test_the_four_designs_agree_on_the_events_consumers(case_id):
    # given
    workload, assessment = _assessed(case_id)
    design, model = assessment.design, assessment.architecture
    template = _template(case_id)
    consumers = workload.consumers_per_event

    # when
    queues = resources_of_type(template, "AWS::SQS::Queue")
    subscriptions = resources_of_type(template, "AWS::SNS::Subscription")
    built_consumer_queues = sorted(name for name in queues if name.startswith("ConsumerQueue"))
    priced = [line.item for line in assessment.costs.shared.items if "consumer queues" in line.item]
    functions = _consumer_functions(model)

    # then: every consumer past one is a function of its own, priced, drawn and built
    assert len(functions) == (consumers if consumers > 1 else 0)
    assert {fn.consumer for fn in functions} == set(range(1, len(functions) + 1))
    dot = diagram_dot(model)
    for fn in functions:
        assert fn.id in dot
    if design.event_queues:
        # a queue each behind the topic, subscribed with raw delivery, read by its consumer
        assert design.event_stream is None and design.event_queues == consumers
        assert priced and all(item.startswith(f"{consumers} consumer queues") for item in priced)
        assert len(built_consumer_queues) == consumers
        topic_queues = {
            s["Properties"]["Endpoint"]["Fn::GetAtt"][0]
            for s in subscriptions.values()
            if s["Properties"]["TopicArn"] == {"Ref": "EventTopic"}
        }
        assert topic_queues == set(built_consumer_queues)
        read = {
            event["Properties"]["Queue"]["Fn::GetAtt"][0]
            for fn in resources_of_type(template, "AWS::Serverless::Function").values()
            for event in fn["Properties"].get("Events", {}).values()
            if event["Type"] == "SQS"
            and event["Properties"]["Queue"]["Fn::GetAtt"][0] in queues
            and event["Properties"]["Queue"]["Fn::GetAtt"][0].startswith("ConsumerQueue")
        }
        assert read == set(built_consumer_queues)
        label = next(c.label for c in model.components if c.id == "consumer_queues")
        assert f"× {consumers}" in label
        reported = [row.reason for row in _report(case_id)["design_choices"]]
        assert any(f"delivers it to {consumers} SQS queues" in reason for reason in reported)
    else:
        assert not built_consumer_queues and not priced
