"""The starter repo generator: what the generated repo holds, determinism, and hostile names.

These run in-process and fast; cfn-lint, checkov and the generated repo's own tests run in
tests/render/test_scaffold_validators.py.
"""

from __future__ import annotations

import ast
import io
import json
import zipfile
from pathlib import Path, PurePosixPath
from typing import Any

import pytest

from advisor.engine import evaluate
from advisor.engine.architecture.catalog import pattern_catalog
from advisor.engine.costs import pricing_catalog
from advisor.render.scaffold import (
    ForbiddenPathError,
    UnknownStackError,
    scaffold_files,
    scaffold_folder_name,
    scaffold_zip,
)
from advisor.render.scaffold import stacks as stacks_module
from advisor.render.scaffold.names import display_text, slug
from advisor.render.scaffold.tree import checked_path, load_stack, render_tree, stack_names
from tests import cfn
from tests.conftest import PRESET_NAMES, load_workload, preset_answers

STACK_DIR = stacks_module.SCAFFOLDS_DIR / "sam-python"
SHARED_DIR = stacks_module.SCAFFOLDS_DIR / "_shared"
TEXT_SUFFIXES = (".py", ".yaml", ".yml", ".toml", ".md", ".json", ".txt", ".cfg", "Makefile")


def load_template(files: dict[str, bytes]) -> dict[str, Any]:
    return cfn.load_template(files["template.yaml"])


def generate(answers: dict) -> tuple[Any, Any, dict[str, bytes]]:
    workload = load_workload(answers)
    assessment = evaluate(workload)
    files = scaffold_files(workload=workload, assessment=assessment, stack="sam-python")
    return workload, assessment, files


def _variant(**changes: Any) -> dict:
    answers = preset_answers("api-for-a-mobile-app")
    answers.update(changes)
    return answers


@pytest.fixture(scope="module", params=PRESET_NAMES)
def preset_repo(request):
    return generate(preset_answers(request.param))


def _statements(template: dict[str, Any]) -> list[dict[str, Any]]:
    found = []
    for resource in template["Resources"].values():
        for policy in resource.get("Properties", {}).get("Policies", []) or []:
            document = policy.get("PolicyDocument", policy)
            found.extend(document.get("Statement", []))
    return found


def test_every_function_gets_a_handler_a_service_a_sample_event_and_tests(preset_repo):
    # given
    _, assessment, files = preset_repo
    # when
    ids = [fn.id for fn in assessment.architecture.functions]
    # then
    for fn_id in ids:
        assert f"src/{fn_id}/handler.py" in files
        assert f"src/{fn_id}/service.py" in files
        json.loads(files[f"events/{fn_id}.json"])
        assert f"tests/unit/test_{fn_id}_service.py" in files
        assert f"tests/handlers/test_{fn_id}_handler.py" in files


def test_the_template_has_one_function_resource_per_engine_function(preset_repo):
    # given
    _, assessment, files = preset_repo
    # when
    resources = load_template(files)["Resources"]
    functions = {k for k, v in resources.items() if v["Type"] == "AWS::Serverless::Function"}
    # then
    assert len(functions) == len(assessment.architecture.functions)
    for fn in assessment.architecture.functions:
        props = next(
            v["Properties"]
            for v in resources.values()
            if v["Type"] == "AWS::Serverless::Function"
            and v["Properties"]["Handler"] == f"{fn.id}.handler.lambda_handler"
        )
        assert props["MemorySize"] == fn.memory_mb
        assert props["Timeout"] == fn.timeout_s
        assert props["Architectures"] == [fn.architecture]
        assert props.get("ReservedConcurrentExecutions") == fn.reserved_concurrency


def test_no_template_syntax_is_left_unrendered(preset_repo):
    # given
    _, _, files = preset_repo
    # when
    texts = {p: c.decode() for p, c in files.items() if p.endswith(TEXT_SUFFIXES)}
    # then
    leftovers = [p for p, text in texts.items() if "{{" in text or "{%" in text]
    assert leftovers == []


def test_generated_python_parses(preset_repo):
    # given
    _, _, files = preset_repo
    # when / then
    for path, content in files.items():
        if path.endswith(".py"):
            ast.parse(content.decode(), filename=path)


def test_iam_statements_never_grant_on_every_resource_except_log_delivery(preset_repo):
    # given
    _, _, files = preset_repo
    # when
    statements = _statements(load_template(files))
    # then
    assert _wildcard_actions(statements) <= WILDCARD_ONLY_ACTIONS


# Actions with no resource-level permissions, where AWS requires "*" (cited in the template):
# CloudWatch Logs delivery for Step Functions, and the Batch status .sync polls.
WILDCARD_ONLY_ACTIONS = {
    "logs:CreateLogDelivery",
    "logs:GetLogDelivery",
    "logs:UpdateLogDelivery",
    "logs:DeleteLogDelivery",
    "logs:ListLogDeliveries",
    "logs:PutResourcePolicy",
    "logs:DescribeResourcePolicies",
    "logs:DescribeLogGroups",
    "batch:DescribeJobs",
}


def _wildcard_actions(statements: list[dict[str, Any]]) -> set[str]:
    return {
        action
        for s in statements
        if s["Resource"] == "*" or "*" in s["Resource"]
        for action in s["Action"]
    }


def test_every_taggable_resource_carries_the_cost_allocation_tags(preset_repo):
    # given
    workload, _, files = preset_repo
    # when
    resources = load_template(files)["Resources"]
    tagged = [r for r in resources.values() if "Tags" in r.get("Properties", {})]
    # then
    assert len(tagged) >= 5
    for resource in tagged:
        assert slug(workload.name) in json.dumps(resource["Properties"]["Tags"])


@pytest.mark.parametrize(
    ("changes", "present", "absent"),
    [
        ({"sensitive_data": True}, ["DataKey", "KMSMasterKeyId"], []),
        ({"sensitive_data": False}, [], ["AWS::KMS::Key"]),
        ({"auth": "jwt"}, ["JwtAuthorizer", "JwtIssuer"], ["EnableIamAuthorizer"]),
        # IAM callers of one function: its own URL checks the signature, no HTTP API.
        ({"auth": "iam"}, ["FunctionUrlConfig", "AuthType: AWS_IAM"], ["JwtIssuer", "HttpApi"]),
        # With upload routes beside, an HTTP API routes them and checks the signatures.
        (
            {"auth": "iam", "triggers": ["http", "file_upload"]},
            ["DefaultAuthorizer: AWS_IAM"],
            ["JwtIssuer", "FunctionUrlConfig"],
        ),
        ({"triggers": ["queue"]}, ["ReportBatchItemFailures", "deadLetterTargetArn"], []),
        ({"triggers": ["db_change"]}, ["StreamSpecification", "BisectBatchOnFunctionError"], []),
        (
            {"triggers": ["file_upload"]},
            ["s3:ObjectCreated:*", "POST", "DenyInsecureTransport"],
            [],
        ),
        ({"triggers": ["pubsub"]}, ["Type: SNS"], []),
        ({"triggers": ["schedule"]}, ["ScheduleV2", "aws.scheduler.execution-id"], []),
        ({"workflow": "human_approval"}, ["waitForTaskToken", "$$.Task.Token"], []),
        ({"workflow": "multi_step"}, ["AWS::Serverless::StateMachine", "Retry"], []),
        ({"data_store": "relational"}, ["AWS::RDS::DBProxy", "ManageMasterUserPassword"], []),
        ({"persistent_connections": "websocket"}, ["WEBSOCKET", "$connect", "TimeToLive"], []),
        ({"monthly_budget_usd": 800}, ["AWS::Budgets::Budget", "Amount: 800"], []),
        ({"monthly_budget_usd": None}, [], ["AWS::Budgets::Budget"]),
    ],
)
def test_the_template_follows_the_answers(changes, present, absent):
    # given
    answers = _variant(**changes)
    if changes.get("monthly_budget_usd", 0) is None:
        del answers["monthly_budget_usd"]
    # when
    _, _, files = generate(answers)
    template = files["template.yaml"].decode()
    # then
    for text in present:
        assert text in template
    for text in absent:
        assert text not in template


def test_the_latency_path_function_gets_provisioned_concurrency_on_an_alias():
    # given
    _, assessment, files = generate(preset_answers("real-time-chat"))
    provisioned = [f for f in assessment.architecture.functions if f.provisioned_concurrency]
    # when
    resources = load_template(files)["Resources"]
    # then
    assert provisioned
    for fn in provisioned:
        props = next(
            r["Properties"]
            for r in resources.values()
            if r["Properties"].get("Handler") == f"{fn.id}.handler.lambda_handler"
        )
        assert props["AutoPublishAlias"] == "live"
        # the off-peak figure on the alias, scheduled up to the busy hours' figure
        config = props["ProvisionedConcurrencyConfig"]
        assert config["ProvisionedConcurrentExecutions"] == fn.provisioned_off_peak
        if fn.provisioned_off_peak != fn.provisioned_concurrency:
            target = next(
                r["Properties"]
                for r in resources.values()
                if r["Type"] == "AWS::ApplicationAutoScaling::ScalableTarget"
            )
            assert target["MaxCapacity"] == fn.provisioned_concurrency


def test_the_upload_bucket_keeps_raw_uploads_as_long_as_the_estimate_prices():
    # given
    _, _, files = generate({**preset_answers("api-for-a-mobile-app"), "triggers": ["file_upload"]})
    # when
    bucket = load_template(files)["Resources"]["UploadBucket"]["Properties"]
    rules = bucket["LifecycleConfiguration"]["Rules"]
    # then: the storage the estimate prices for uploads is the days this rule keeps them
    days = pricing_catalog().assumptions["upload_retention_days"].default
    assert [r["ExpirationInDays"] for r in rules if r["Id"] == "ExpireRawUploads"] == [days]


def test_a_hybrid_with_long_jobs_runs_them_as_a_fargate_task_from_the_workflow():
    # given
    _, assessment, files = generate(preset_answers("video-processing-pipeline"))
    # when
    template = files["template.yaml"].decode()
    # then
    assert assessment.verdict.offloaded_parts
    assert "AWS::ECS::TaskDefinition" in template
    assert "ecs:runTask.sync" in template


def test_the_repo_embeds_the_diagram_and_an_adr_per_choice(preset_repo):
    # given
    _, _, files = preset_repo
    # when
    readme = files["README.md"].decode()
    adrs = sorted(p for p in files if p.startswith("docs/adr/"))
    # then
    assert files["docs/architecture.svg"].lstrip().startswith((b"<?xml", b"<svg"))
    assert files["docs/architecture.png"].startswith(b"\x89PNG")
    assert "docs/architecture.svg" in readme and "docs/architecture.png" in readme
    assert "sam deploy --guided" in readme
    assert [PurePosixPath(p).stem.split("-", 1)[1] for p in adrs] == [
        "compute",
        "data",
        "triggers",
        "auth",
    ]
    assert all("## Considered options" in files[p].decode() for p in adrs)


def test_the_zip_is_deterministic_and_has_one_top_level_folder(mobile_api):
    # given
    assessment = evaluate(mobile_api)
    # when
    first = scaffold_zip(workload=mobile_api, assessment=assessment)
    second = scaffold_zip(workload=mobile_api, assessment=assessment)
    names = zipfile.ZipFile(io.BytesIO(first)).namelist()
    # then
    assert first == second
    assert names == sorted(names)
    assert {name.split("/", 1)[0] for name in names} == {"api-for-a-mobile-app"}


HOSTILE_NAMES = [
    "../../etc",
    "/etc/passwd",
    "quote \" and ' and `backtick`",
    "{{ 7*7 }} {% if true %}x{% endif %}",
    "&anchor *anchor <<: *anchor",
    "line one\nline two\r\n- item: injected",
    "x" * 120,
    "Échange de données — 数据 ✓",
    "#!/bin/sh; rm -rf / # comment",
]


@pytest.mark.parametrize("name", HOSTILE_NAMES, ids=range(len(HOSTILE_NAMES)))
def test_hostile_names_stay_inert_data(name):
    # given
    answers = _variant(
        name=name, triggers=["http", "file_upload", "queue"], workflow="human_approval"
    )
    workload, assessment, files = generate(answers)
    # when
    archive = zipfile.ZipFile(io.BytesIO(scaffold_zip(workload=workload, assessment=assessment)))
    template = load_template(files)
    folder = scaffold_folder_name(workload)
    # then
    assert all(n.startswith(f"{folder}/") and ".." not in n.split("/") for n in archive.namelist())
    assert folder == slug(name) and len(folder) <= 24 and folder.isascii()
    assert template["Description"].startswith(f"Starter stack for {display_text(name)} (")
    assert template["Parameters"]["ProjectSlug"]["Default"] == folder
    assert "49" not in files["README.md"].decode().splitlines()[0]
    for path, content in files.items():
        if path.endswith(".py"):
            ast.parse(content.decode(), filename=path)
        if path.endswith(TEXT_SUFFIXES):
            assert "{{" not in content.decode() and "{%" not in content.decode()


@pytest.mark.parametrize("path", ["../x", "/etc/passwd", "a/../../b", "", ".", "a\\..\\b"])
def test_paths_leaving_the_repo_are_forbidden(path):
    with pytest.raises(ForbiddenPathError):
        checked_path(path)


@pytest.mark.parametrize(("path", "expected"), [("a/b", "a/b"), ("a/./b/../c", "a/c")])
def test_paths_inside_the_repo_are_normalised(path, expected):
    assert checked_path(path) == expected


def test_an_unknown_stack_is_refused(mobile_api):
    with pytest.raises(UnknownStackError):
        scaffold_files(workload=mobile_api, assessment=evaluate(mobile_api), stack="cdk-rust")


@pytest.mark.parametrize("stack_name", stack_names())
def test_every_stack_realises_every_function_the_engine_can_draw(stack_name):
    # given
    stack = load_stack(stack_name)
    partials = stacks_module.SCAFFOLDS_DIR / stack_name / "_partials"
    # when
    engine_functions = set(pattern_catalog().functions)
    # then: a handler, a service and their tests per shape in the stack's language, one
    # sample event per shape shared by every stack
    assert engine_functions <= set(stack.functions)
    for shape in {spec["handler"] for spec in stack.functions.values()}:
        assert (SHARED_DIR / "_partials" / "events" / f"{shape}.json.jinja").is_file()
        for kind in ("handlers", "services"):
            assert list((partials / kind).glob(f"{shape}.*.jinja")), (kind, shape)
        for test_kind in ("service", "handler"):
            assert list((partials / "tests").glob(f"{shape}_{test_kind}.*.jinja")), shape


def test_the_functions_the_stack_makes_idempotent_are_those_the_engine_draws_recording():
    # given: handlers with Powertools idempotency need the table's name and its grants,
    # which come from the engine's model (and its diagram shows the table)
    stack = load_stack("sam-python")
    # when
    recording = {
        spec.id
        for spec in pattern_catalog().functions.values()
        if any(grant.resource == "idempotency_table" for grant in spec.grants)
    }
    idempotent = {fid for fid, shape in stack.functions.items() if shape.get("idempotent")}
    # then
    assert recording == idempotent


@pytest.mark.parametrize(
    ("traffic_pattern", "expression"),
    [("scheduled", "cron(0 2 * * ? *)"), ("spiky", "rate(1 day)")],
)
def test_the_readme_shows_the_schedule_whole_as_code(traffic_pattern, expression):
    # when
    _, _, files = generate(_variant(triggers=["schedule"], traffic_pattern=traffic_pattern))
    readme = files["README.md"].decode()
    # then: bare, Markdown would read the asterisks as emphasis and drop them
    assert f"EventBridge schedule · `{expression}`" in readme
    assert readme.count(expression) == readme.count(f"`{expression}`")


def test_the_readme_says_what_each_store_needs_and_that_deployed_code_never_forgets():
    # when
    readmes = {
        store: generate(_variant(data_store=store))[2]["README.md"].decode()
        for store in ("key_value", "object", "relational", "none")
    }
    # then
    assert "`TABLE_NAME` names the table" in readmes["key_value"]
    assert "`DATA_BUCKET_NAME` names the data bucket" in readmes["object"]
    relational = readmes["relational"]
    for needed in ("`DB_ENDPOINT`, `DB_NAME` and `DB_USER`", "rds-db:connect", "psycopg"):
        assert needed in relational
    assert "keeps no data" in readmes["none"]
    for readme in readmes.values():
        assert "never answers and forgets" in readme


def test_relational_functions_sign_in_to_the_proxy_with_iam_as_the_databases_user():
    # given
    _, _, files = generate(_variant(data_store="relational"))
    resources = load_template(files)["Resources"]
    # when
    function = resources["ApiHandler"]["Properties"]
    environment = function["Environment"]["Variables"]
    statements = function["Policies"][0]["Statement"]
    database = resources["Database"]["Properties"]
    # then: the token's user and database are the database's, the proxy requires IAM auth,
    # and the function may connect as that user only, on this proxy (its "prx-" id)
    assert environment["DB_ENDPOINT"] == {"Fn::GetAtt": ["DbProxy", "Endpoint"]}
    assert (environment["DB_USER"], environment["DB_NAME"]) == (
        database["MasterUsername"],
        database["DBName"],  # an RDS instance's name (an Aurora cluster's is DatabaseName)
    )
    assert [a["IAMAuth"] for a in resources["DbProxy"]["Properties"]["Auth"]] == ["REQUIRED"]
    (connect,) = [s for s in statements if s["Action"] == ["rds-db:connect"]]
    ((arn, names),) = (resource["Fn::Sub"] for resource in connect["Resource"])
    assert arn.endswith(f":dbuser:${{ProxyId}}/{environment['DB_USER']}")
    split = names["ProxyId"]["Fn::Select"]
    assert split == [6, {"Fn::Split": [":", {"Fn::GetAtt": ["DbProxy", "DBProxyArn"]}]}]
    assert not any("secretsmanager:GetSecretValue" in s["Action"] for s in statements)


def build_file_tree(root: Path, files: dict[str, str]) -> Path:
    for relative, text in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def test_jinja_files_are_rendered_others_copied_and_underscored_ones_skipped(tmp_path, monkeypatch):
    # given
    build_file_tree(
        tmp_path / "tiny",
        {
            "_stack.yaml": "name: tiny\nruntime: python3.12\nfunctions: {}\nresources: {}\n",
            "_partials/x.jinja": "never emitted",
            "hello.txt.jinja": "Hello {{ who | tojson }}\n",
            "raw.txt": "{{ left as is }}",
            "src/[[function]]/__init__.py": "",
        },
    )
    monkeypatch.setattr(stacks_module, "SCAFFOLDS_DIR", tmp_path)
    context = {"who": 'a "b"', "functions": [{"id": "one"}, {"id": "two"}]}
    # when
    files = render_tree("tiny", context)
    # then
    assert files == {
        "hello.txt": b'Hello "a \\"b\\""\n',
        "raw.txt": b"{{ left as is }}",
        "src/one/__init__.py": b"",
        "src/two/__init__.py": b"",
    }


def test_a_stack_writes_the_shared_files_and_its_own_wins_over_a_shared_one(tmp_path, monkeypatch):
    # given: infrastructure written once, a stack that overrides one partial
    build_file_tree(
        tmp_path,
        {
            "_shared/_partials/code.jinja": "shared code",
            "_shared/_partials/infra.jinja": "shared infra",
            "_shared/template.yaml.jinja": "{% include '_partials/infra.jinja' %} + "
            "{% include '_partials/code.jinja' %}",
            "_shared/README.md": "shared readme",
            "one/_stack.yaml": "name: one\nruntime: nodejs22.x\n",
            "one/_partials/code.jinja": "code of one",
            "one/README.md": "readme of one",
        },
    )
    monkeypatch.setattr(stacks_module, "SCAFFOLDS_DIR", tmp_path)
    # when
    files = render_tree("one", {})
    # then
    assert files == {"README.md": b"readme of one", "template.yaml": b"shared infra + code of one"}
    assert stacks_module.stack_names() == ("one",)


def test_rendering_is_sandboxed(tmp_path, monkeypatch):
    # given
    build_file_tree(
        tmp_path / "evil",
        {
            "_stack.yaml": "name: evil\nruntime: python3.12\nfunctions: {}\nresources: {}\n",
            "x.jinja": "{{ ''.__class__.__mro__[1].__subclasses__() }}",
        },
    )
    monkeypatch.setattr(stacks_module, "SCAFFOLDS_DIR", tmp_path)
    # when / then
    with pytest.raises(Exception, match="unsafe|not safely|access"):
        render_tree("evil", {"functions": []})


# Answers whose design moves every part it can out of Lambda (hot path, connections, GPU,
# long jobs): the hybrid parts' checks run on it.
EVERYTHING_OFFLOADED = {
    "avg_rps": 500,
    "peak_rps": 600,
    "gpu_required": True,
    "avg_duration_ms": 2000,
    "max_duration_s": 3600,
    "memory_mb": 16384,
    "persistent_connections": "tcp",
    # Requests apart from the TCP traffic (queued work beside them), so a hot-path service
    # answers them behind its own load balancer; with HTTP alone the requests would be the
    # traffic on the connections, answered by the connection service behind its NLB.
    "triggers": ["http", "queue"],
}


@pytest.fixture(scope="module")
def offloaded_repo():
    return generate(_variant(**EVERYTHING_OFFLOADED))


def _resources_of_type(template: dict[str, Any], type_name: str) -> dict[str, Any]:
    return {k: v for k, v in template["Resources"].items() if v["Type"] == type_name}


@pytest.mark.parametrize(
    ("changes", "part", "resource_types"),
    [
        (
            {"memory_mb": 16384},
            "hot_path_service",
            {"AWS::ECS::Service", "AWS::ElasticLoadBalancingV2::LoadBalancer"},
        ),
        (
            {"persistent_connections": "tcp"},
            "connection_service",
            {"AWS::ECS::Service", "AWS::ElasticLoadBalancingV2::LoadBalancer"},
        ),
        (
            {"persistent_connections": "streaming", "max_duration_s": 3600},
            "connection_service",
            {"AWS::ECS::Service", "AWS::ElasticLoadBalancingV2::LoadBalancer"},
        ),
        (
            # Callers wait for the GPU's answer: a GPU service, no job or workflow per request.
            {"gpu_required": True},
            "gpu_service",
            {
                "AWS::ECS::Service",
                "AWS::ECS::CapacityProvider",
                "AWS::AutoScaling::AutoScalingGroup",
                "AWS::ElasticLoadBalancingV2::LoadBalancer",
            },
        ),
        (
            {"gpu_required": True, "workflow": "multi_step", "triggers": ["queue"]},
            "gpu_batch_job",
            {"AWS::Batch::ComputeEnvironment", "AWS::Batch::JobQueue", "AWS::Batch::JobDefinition"},
        ),
        (
            {"max_duration_s": 3600, "workflow": "multi_step"},
            "long_running_task",
            {"AWS::ECS::TaskDefinition"},
        ),
    ],
)
def test_each_part_a_hybrid_moves_out_of_lambda_is_built_with_its_container_skeleton(
    changes, part, resource_types
):
    # when
    _, assessment, files = generate(_variant(**changes))
    template = load_template(files)
    # then
    assert part in {c.id for c in assessment.architecture.components if c.offloaded}
    assert resource_types <= {r["Type"] for r in template["Resources"].values()}
    for name in ("Dockerfile", f"{part}/logic.py", f"{part}/main.py", f"tests/test_{part}.py"):
        assert f"services/{part}/{name}" in files
    assert f"services/{part}" in files["pyproject.toml"].decode()


def test_the_hot_path_serves_https_with_the_certificate_and_only_redirects_http(offloaded_repo):
    # given
    _, _, files = offloaded_repo
    template = load_template(files)
    # when
    listeners = _resources_of_type(template, "AWS::ElasticLoadBalancingV2::Listener")
    https = listeners["HotPathListener"]["Properties"]
    http = listeners["HotPathHttpRedirect"]["Properties"]
    # then
    assert https["Protocol"] == "HTTPS" and https["Port"] == 443
    assert https["Certificates"] == [{"CertificateArn": {"Ref": "CertificateArn"}}]
    assert https["SslPolicy"].startswith("ELBSecurityPolicy-TLS13")
    assert http["DefaultActions"][0]["Type"] == "redirect"
    assert http["DefaultActions"][0]["RedirectConfig"]["Protocol"] == "HTTPS"
    assert "CertificateArn" in template["Parameters"]


def test_gpu_work_is_a_batch_job_the_workflow_submits_and_waits_for(offloaded_repo):
    # given
    _, _, files = offloaded_repo
    template = load_template(files)
    # when
    definition = template["Resources"]["GpuJobDefinition"]["Properties"]
    environment = template["Resources"]["GpuJobComputeEnvironment"]["Properties"]
    states = template["Resources"]["WorkflowStateMachine"]["Properties"]["Definition"]["States"]
    # then
    requirements = definition["ContainerProperties"]["ResourceRequirements"]
    assert {"Type": "GPU", "Value": "1"} in requirements
    assert environment["ComputeResources"]["MinvCpus"] == 0
    assert environment["ComputeResources"]["Ec2Configuration"] == [{"ImageType": "ECS_AL2_NVIDIA"}]
    assert states["RunGpuJob"]["Resource"] == "arn:aws:states:::batch:submitJob.sync"


def test_container_roles_grant_only_what_the_architecture_connects_them_to(offloaded_repo):
    # given
    _, _, files = offloaded_repo
    template = load_template(files)
    # when
    statements = _statements(template)
    hot_path = template["Resources"]["HotPathRole"]["Properties"]["Policies"][0]
    hot_path_actions = {a for s in hot_path["PolicyDocument"]["Statement"] for a in s["Action"]}
    # then
    assert _wildcard_actions(statements) <= WILDCARD_ONLY_ACTIONS
    assert "sqs:SendMessage" in hot_path_actions  # the engine drew hot path -> work queue
    assert all(not a.endswith("*") for a in hot_path_actions)


def test_every_offloaded_part_the_engine_can_draw_has_a_container_in_the_stack():
    # given
    stack = load_stack("sam-python")
    # when
    offloaded = {c.id for c in pattern_catalog().components.values() if c.offloaded}
    load_balancers = {
        c.id for c in pattern_catalog().components.values() if c.kind == "load_balancer"
    }
    # then
    assert offloaded - load_balancers == set(stack.containers)


@pytest.mark.parametrize(
    ("traffic_pattern", "expression"),
    [("scheduled", "cron(0 2 * * ? *)"), ("steady", "rate(1 day)")],
)
def test_the_schedule_is_the_one_the_engine_set_on_the_schedule_rule(traffic_pattern, expression):
    # when
    _, assessment, files = generate(
        _variant(triggers=["schedule"], traffic_pattern=traffic_pattern)
    )
    rule = next(c for c in assessment.architecture.components if c.id == "schedule_rule")
    # then
    assert dict(rule.properties)["schedule_expression"] == expression
    assert f"ScheduleExpression: {json.dumps(expression)}" in files["template.yaml"].decode()


@pytest.mark.parametrize(
    ("runtime", "language", "why"),
    [
        ("python", "Python (`python3.12`)", "the questionnaire's runtime is python"),
        ("node", "TypeScript (`nodejs22.x`)", "the questionnaire's runtime is node"),
        ("go", "Python (`python3.12`)", "no starter stack writes go yet"),
    ],
)
def test_the_readme_and_the_compute_adr_say_which_stack_and_why(runtime, language, why):
    # given
    workload = load_workload(_variant(runtime=runtime))
    # when
    files = scaffold_files(workload=workload, assessment=evaluate(workload))
    readme = files["README.md"].decode()
    adr = files["docs/adr/0001-compute.md"].decode()
    # then
    assert f"the Lambda functions run {language}" in readme
    assert f"The functions run {language}" in adr
    assert why in readme and why in adr


def test_hostile_names_stay_inert_in_the_container_parts_too():
    # given
    name = '""" {{ 7*7 }} \n\\ ../x'
    # when
    _, _, files = generate(_variant(name=name, **EVERYTHING_OFFLOADED))
    # then
    for path, content in files.items():
        if path.endswith(".py"):
            ast.parse(content.decode(), filename=path)
        if path.endswith(TEXT_SUFFIXES) or path.endswith("Dockerfile"):
            assert "{{" not in content.decode() and "{%" not in content.decode()


@pytest.mark.parametrize(
    "name, folder",
    [
        ("Video processing pipeline", "video-processing"),
        ("Nightly batch job with extras", "nightly-batch-job-with"),
        ("Supercalifragilisticexpialidocious app", "supercalifragilisticexpi"),
    ],
)
def test_a_long_name_is_shortened_between_words_where_it_can_be(name, folder):
    # when / then
    assert slug(name) == folder


def test_a_rare_workloads_rates_read_as_they_are_in_the_readme_and_decision_records():
    # given: a job that runs about every 17 minutes
    _, _, files = generate(_variant(avg_rps=0.001, peak_rps=0.01, triggers=["schedule"]))

    # when
    prose = "\n".join(content.decode() for path, content in files.items() if path.endswith(".md"))

    # then
    assert "0.001 requests per second on average" in prose
    assert "0.00 requests per second" not in prose


def test_the_stream_consumer_batches_as_the_estimate_priced_it():
    # given: a consumer of the table's changes, with the batch made bigger than the default
    answers = _variant(triggers=["db_change"]) | {"assumptions": {"stream_batch_size": 500}}

    # when
    _, _, files = generate(answers)

    # then: the event source mapping reads batches of the size the estimate priced
    resources = load_template(files)["Resources"]
    events = [
        event["Properties"]
        for resource in resources.values()
        for event in resource.get("Properties", {}).get("Events", {}).values()
        if event.get("Type") == "DynamoDB"
    ]
    assert events, "no function reads the table's stream"
    assert all(event["BatchSize"] == 500 for event in events)
    assert all(event["MaximumBatchingWindowInSeconds"] == 5 for event in events)


def test_a_fleet_holding_a_million_connections_starts_with_the_tasks_that_hold_them():
    # given: a million devices on raw TCP, each connection holding about 70 KB of memory
    # (connection_memory_kb) in the fleet that keeps it open
    devices = _variant(
        name="Device gateway",
        avg_rps=2000,
        peak_rps=3000,
        traffic_pattern="steady",
        persistent_connections="tcp",
        concurrent_connections=1_000_000,
        connection_minutes_avg=1440,
        triggers=["http"],
    )
    _, _, files = generate(devices)
    template = load_template(files)

    # when
    (service,) = cfn.resources_of_type(template, "AWS::ECS::Service").values()
    (definition,) = cfn.resources_of_type(template, "AWS::ECS::TaskDefinition").values()
    (target,) = (
        target
        for target in cfn.resources_of_type(
            template, "AWS::ApplicationAutoScaling::ScalableTarget"
        ).values()
        if target["Properties"]["ServiceNamespace"] == "ecs"  # not the table's (provisioned)
    )

    # then: it starts with enough tasks for the connections' 67 GB (two tasks, the old
    # floor, would hold 4 GB) and may scale to at least that
    memory_gb = int(definition["Properties"]["Memory"]) / 1024
    desired = service["Properties"]["DesiredCount"]
    assert desired * memory_gb >= 1_000_000 * 70 / 1024**2
    assert target["Properties"]["MinCapacity"] == desired
    assert target["Properties"]["MaxCapacity"] >= desired
