"""The architecture model: what each answer adds, and the invariants every model keeps."""

from __future__ import annotations

import re

import pytest

from advisor.engine.architecture import design_architecture
from advisor.engine.facts import provisioned_concurrency_needed
from advisor.engine.results import Fit, OffloadPart, Verdict
from tests.conftest import load_workload

FITS = Verdict(fit=Fit.FITS, score=80, reasons=(), recommendations=(), offloaded_parts=())

# A plain workload: one HTTP API, no data store, nothing sensitive, no budget.
BASE = {
    "name": "Orders API",
    "avg_rps": 5,
    "peak_rps": 50,
    "traffic_pattern": "spiky",
    "p95_latency_ms": 500,
    "runtime": "python",
    "avg_duration_ms": 120,
    "max_duration_s": 4,
    "memory_mb": 1024,
    "triggers": ["http"],
    "data_store": "none",
    "auth": "public",
}
API_FRONT_DOORS = {"http_api", "websocket_api"}
ID_PATTERN = re.compile(r"^[a-z][a-z0-9]*(_[a-z0-9]+)*$")
LAMBDA_MAX_TIMEOUT_S = 900
API_GATEWAY_TIMEOUT_S = 29
REGIONAL_POOL = 1000 - 100  # Lambda keeps 100 of the default 1,000 unreserved


def _hybrid(*parts: OffloadPart) -> Verdict:
    return Verdict(fit=Fit.HYBRID, score=55, reasons=(), recommendations=(), offloaded_parts=parts)


def _design(verdict: Verdict = FITS, **changes):
    return design_architecture(load_workload({**BASE, **changes}), verdict)


def _components(model) -> dict:
    return {component.id: component for component in model.components}


def _edges(model) -> set[tuple[str, str, str]]:
    return {(edge.source, edge.target, edge.label) for edge in model.edges}


def _function(model, function_id: str):
    return next(fn for fn in model.functions if fn.id == function_id)


def _actions_on(fn, resource: str) -> set[str]:
    return {a for p in fn.permissions if p.resource == resource for a in p.actions}


# --- what each answer adds ----------------------------------------------------

TRIGGER_CASES = [
    (
        "http",
        # public (BASE): clients reach the HTTP API through CloudFront and its web ACL
        {"http_api", "api_handler", "clients", "edge_distribution", "edge_web_acl"},
        {
            ("clients", "edge_distribution", "HTTPS"),
            ("edge_distribution", "http_api", "forwards to the origin"),
            ("edge_web_acl", "edge_distribution", "inspects every request"),
            ("http_api", "api_handler", "ANY /{proxy+}"),
        },
    ),
    (
        "file_upload",
        {"upload_bucket", "upload_queue", "presign_upload", "process_upload"},
        {
            ("clients", "upload_bucket", "presigned PUT"),
            ("http_api", "presign_upload", "POST /uploads"),
            ("upload_bucket", "upload_queue", "ObjectCreated"),
            ("upload_queue", "process_upload", "S3 events, batched"),
        },
    ),
    (
        "db_change",
        {"app_table", "app_table_stream", "stream_processor"},
        {
            ("app_table", "app_table_stream", "item changes"),
            ("app_table_stream", "stream_processor", "DynamoDB stream"),
        },
    ),
    (
        "queue",
        {"work_queue", "work_dlq", "queue_worker"},
        {
            ("work_queue", "queue_worker", "SQS batch of 10"),
            ("work_queue", "work_dlq", "after 3 failed receives"),
            ("clients", "work_queue", "SendMessage"),
        },
    ),
    (
        "pubsub",
        {"event_topic", "event_subscriber"},
        {("event_topic", "event_subscriber", "SNS message"), ("clients", "event_topic", "Publish")},
    ),
    (
        "schedule",
        {"schedule_rule", "scheduled_job"},
        {("schedule_rule", "scheduled_job", "schedule rate(1 day)")},
    ),
]


@pytest.mark.parametrize(("trigger", "components", "edges"), TRIGGER_CASES)
def test_it_adds_the_front_door_and_handler_of_each_trigger(trigger, components, edges):
    # when
    model = _design(triggers=[trigger])

    # then
    assert components <= _components(model).keys()
    assert edges <= _edges(model)


def test_an_authenticated_api_is_called_directly_without_an_edge():
    # when
    model = _design(triggers=["http"], auth="jwt")

    # then: WAF and CloudFront go in front of public APIs only
    assert ("clients", "http_api", "HTTPS") in _edges(model)
    assert not {"edge_distribution", "edge_web_acl"} & _components(model).keys()


@pytest.mark.parametrize(
    ("traffic_pattern", "expression"),
    [
        ("scheduled", "cron(0 2 * * ? *)"),
        ("steady", "rate(1 day)"),
        ("spiky", "rate(1 day)"),
        ("unpredictable", "rate(1 day)"),
    ],
)
def test_it_picks_the_schedule_expression_from_the_traffic_pattern(traffic_pattern, expression):
    # when
    model = _design(triggers=["schedule"], traffic_pattern=traffic_pattern)

    # then
    rule = _components(model)["schedule_rule"]
    assert ("schedule_rule", "scheduled_job", f"schedule {expression}") in _edges(model)
    assert expression in rule.label
    assert dict(rule.properties)["schedule_expression"] == expression


def test_the_queue_worker_consumes_what_the_queue_is_sent():
    # when
    model = _design(triggers=["queue"])

    # then
    worker = _function(model, "queue_worker")
    assert _actions_on(worker, "work_queue") == {
        "sqs:ReceiveMessage",
        "sqs:DeleteMessage",
        "sqs:GetQueueAttributes",
    }
    visibility_s = dict(_components(model)["work_queue"].properties)["visibility_timeout_s"]
    assert int(visibility_s) >= 6 * worker.timeout_s


def test_an_internal_producer_sends_to_the_queue_instead_of_outside_clients():
    # when
    model = _design(triggers=["schedule", "queue"])

    # then
    assert ("scheduled_job", "work_queue", "SendMessage") in _edges(model)
    assert ("clients", "work_queue", "SendMessage") not in _edges(model)
    assert _actions_on(_function(model, "scheduled_job"), "work_queue") == {"sqs:SendMessage"}


def test_the_presigner_may_only_put_objects_into_the_upload_bucket():
    # when
    model = _design(triggers=["file_upload"])

    # then
    presigner = _function(model, "presign_upload")
    assert [(p.resource, p.actions) for p in presigner.permissions] == [
        ("upload_bucket", ("s3:PutObject",))
    ]
    assert presigner.memory_mb < _function(model, "process_upload").memory_mb


DATA_STORE_CASES = [
    ("none", set(), None),
    (
        "key_value",
        {"app_table"},
        (
            "app_table",
            {"dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:Query"},
        ),
    ),
    (
        "document",
        {"app_table"},
        (
            "app_table",
            {"dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:Query"},
        ),
    ),
    (
        "relational",
        {"database", "db_proxy", "db_secret"},
        # IAM auth through the proxy: the function never reads the password.
        ("db_proxy", {"rds-db:connect"}),
    ),
    ("object", {"object_bucket"}, ("object_bucket", {"s3:GetObject", "s3:PutObject"})),
]
DATA_COMPONENTS = {"app_table", "object_bucket", "database", "db_proxy", "db_secret"}


@pytest.mark.parametrize(("data_store", "components", "grant"), DATA_STORE_CASES)
def test_it_adds_the_data_store_and_scoped_access_to_it(data_store, components, grant):
    # when
    model = _design(data_store=data_store)

    # then
    assert _components(model).keys() & DATA_COMPONENTS == components
    handler = _function(model, "api_handler")
    if grant:
        resource, actions = grant
        assert _actions_on(handler, resource) == actions
        assert any(value == resource for _, value in handler.environment)
    else:
        assert handler.permissions == ()


def test_a_key_value_table_is_on_demand_with_point_in_time_recovery():
    # when
    table = _components(_design(data_store="key_value"))["app_table"]

    # then
    properties = dict(table.properties)
    assert properties["billing_mode"] == "PAY_PER_REQUEST"
    assert properties["point_in_time_recovery"] == "enabled"
    assert "on-demand" in table.label and "PITR" in table.label


def test_a_relational_database_sits_behind_rds_proxy_with_credentials_in_secrets_manager():
    # when
    model = _design(data_store="relational")

    # then
    edges = _edges(model)
    assert ("api_handler", "db_proxy", "SQL over pooled connections (IAM auth)") in edges
    assert not any(source == "api_handler" and target == "db_secret" for source, target, _ in edges)
    assert ("db_proxy", "database", "pooled connections") in edges
    assert ("db_proxy", "db_secret", "reads credentials") in edges
    assert _components(model)["db_secret"].service == "AWS Secrets Manager"


WORKFLOW_CASES = [
    ("none", set(), set()),
    (
        "multi_step",
        {"workflow_state_machine", "workflow_step"},
        {
            ("workflow_state_machine", "workflow_step", "lambda:Invoke (one step)"),
            ("api_handler", "workflow_state_machine", "StartExecution"),
        },
    ),
    (
        "human_approval",
        {"workflow_state_machine", "approval_request", "approval_callback", "approvers"},
        {
            ("workflow_state_machine", "approval_request", "task token"),
            ("approvers", "http_api", "HTTPS approve / reject"),
            ("http_api", "approval_callback", "POST /approvals"),
        },
    ),
]


@pytest.mark.parametrize(("workflow", "components", "edges"), WORKFLOW_CASES)
def test_it_coordinates_multi_step_work_with_step_functions(workflow, components, edges):
    # when
    model = _design(workflow=workflow)

    # then
    ids = _components(model).keys()
    assert components <= ids
    assert edges <= _edges(model)
    if workflow == "none":
        assert "workflow_state_machine" not in ids


def test_the_approval_callback_may_only_answer_the_paused_task():
    # when
    model = _design(workflow="human_approval")

    # then
    callback = _function(model, "approval_callback")
    assert [(p.resource, set(p.actions)) for p in callback.permissions] == [
        ("workflow_state_machine", {"states:SendTaskSuccess", "states:SendTaskFailure"})
    ]
    assert _actions_on(_function(model, "api_handler"), "workflow_state_machine") == {
        "states:StartExecution"
    }


AUTH_CASES = [
    ("jwt", "HTTP API — JWT authorizer", {"jwt_authorizer", "identity_provider"}),
    # IAM callers of one function reach it on its own URL, no HTTP API (design.py).
    ("iam", "Lambda function URL — IAM auth (SigV4, AuthType AWS_IAM)", set()),
    ("public", "HTTP API — public · throttled", set()),
]


@pytest.mark.parametrize(("auth", "label", "controls"), AUTH_CASES)
def test_it_labels_the_api_with_its_auth_mode(auth, label, controls):
    # when
    components = _components(_design(auth=auth))

    # then
    front_door = components.get("http_api") or components["function_url"]
    assert front_door.label == label
    assert components.keys() & {"jwt_authorizer", "identity_provider"} == controls


@pytest.mark.parametrize(
    ("auth", "authorizer_function"), [("jwt", True), ("iam", False), ("public", False)]
)
def test_a_websocket_api_checks_jwts_with_a_lambda_authorizer_on_connect(auth, authorizer_function):
    # when
    model = _design(persistent_connections="websocket", auth=auth)

    # then
    functions = {fn.id for fn in model.functions}
    assert ("ws_authorizer" in functions) is authorizer_function
    edge = ("websocket_api", "ws_authorizer", "authorize $connect")
    assert (edge in _edges(model)) is authorizer_function


HOUR_LONG_STREAMS = {"persistent_connections": "streaming", "max_duration_s": 3600}
CONNECTION_CASES = [
    # (answers, components, edges)
    ({"persistent_connections": "none"}, set(), set()),
    (
        {"persistent_connections": "websocket"},
        {"websocket_api", "ws_connect", "ws_disconnect", "ws_message", "connections_table"},
        {
            ("clients", "websocket_api", "WebSocket frames"),
            ("websocket_api", "ws_connect", "$connect"),
            ("websocket_api", "ws_disconnect", "$disconnect"),
            ("websocket_api", "ws_message", "$default"),
            ("ws_message", "websocket_api", "POST @connections"),
        },
    ),
    (
        # an hour-long feed: past Lambda's 15 minutes, so a fleet holds the streams
        HOUR_LONG_STREAMS,
        {"connection_nlb", "connection_service"},
        {("clients", "connection_nlb", "long-lived TCP / stream")},
    ),
    (
        {"persistent_connections": "tcp"},
        {"connection_nlb", "connection_service"},
        {("connection_nlb", "connection_service", "TCP")},
    ),
]


@pytest.mark.parametrize(
    ("answers", "components", "edges"),
    CONNECTION_CASES,
    ids=["none", "websocket", "streaming-hour-long", "tcp"],
)
def test_it_gives_each_connection_type_its_front_door(answers, components, edges):
    # when
    model = _design(**answers)

    # then
    ids = _components(model).keys()
    assert components <= ids
    assert edges <= _edges(model)
    if answers["persistent_connections"] == "none":
        assert not ids & {"websocket_api", "connection_nlb"}


def test_websocket_handlers_may_push_to_connections_and_track_them():
    # when
    model = _design(persistent_connections="websocket")

    # then
    assert _actions_on(_function(model, "ws_message"), "websocket_api") == {
        "execute-api:ManageConnections"
    }
    assert _actions_on(_function(model, "ws_connect"), "connections_table") == {"dynamodb:PutItem"}
    assert _actions_on(_function(model, "ws_disconnect"), "connections_table") == {
        "dynamodb:DeleteItem"
    }


@pytest.mark.parametrize(
    "answers", [HOUR_LONG_STREAMS, {"persistent_connections": "tcp"}], ids=["streaming", "tcp"]
)
def test_raw_connections_run_outside_lambda_even_if_the_verdict_forgot_them(answers):
    # when
    model = _design(FITS, **answers)

    # then
    components = _components(model)
    assert components["connection_service"].offloaded
    assert components["connection_nlb"].offloaded


# --- hybrids -------------------------------------------------------------------

OFFLOAD_CASES = [
    (
        OffloadPart.LONG_RUNNING_JOBS,
        {"long_running_task"},
        ("workflow_state_machine", "long_running_task", "ecs:RunTask .sync"),
    ),
    (
        # An HTTP caller waiting 500 ms for 120 ms of GPU work: a GPU service answers it.
        OffloadPart.GPU_WORK,
        {"gpu_service_alb", "gpu_service"},
        ("gpu_service_alb", "gpu_service", "HTTP"),
    ),
    (
        OffloadPart.PERSISTENT_CONNECTIONS,
        {"connection_nlb", "connection_service"},
        ("connection_nlb", "connection_service", "TCP"),
    ),
    (
        OffloadPart.HOT_PATH,
        {"hot_path_alb", "hot_path_service"},
        ("clients", "hot_path_alb", "HTTPS"),
    ),
]


@pytest.mark.parametrize(("part", "offloaded", "edge"), OFFLOAD_CASES)
def test_a_hybrid_marks_its_offloaded_parts(part, offloaded, edge):
    # when
    model = _design(_hybrid(part), data_store="key_value")

    # then
    marked = {c.id for c in model.components if c.offloaded}
    assert marked == offloaded
    assert edge in _edges(model)
    assert any(e.source in offloaded and e.target == "app_table" for e in model.edges)


def test_an_offloaded_hot_path_replaces_the_lambda_api_handler():
    # when
    model = _design(_hybrid(OffloadPart.HOT_PATH))

    # then
    ids = _components(model).keys()
    assert "api_handler" not in ids
    assert "http_api" not in ids  # nothing else needs the HTTP API


def test_gpu_work_nobody_waits_on_is_a_batch_job_the_workflow_submits():
    # when: queued GPU work, no caller waiting on it
    model = _design(_hybrid(OffloadPart.GPU_WORK), triggers=["queue"])

    # then
    assert {c.id for c in model.components if c.offloaded} == {"gpu_batch_job"}
    assert ("workflow_state_machine", "gpu_batch_job", "batch:SubmitJob .sync") in _edges(model)


def test_a_gpu_service_a_caller_waits_on_is_the_request_path_with_no_workflow():
    # when: callers wait for GPU work; the 16 GB memory also moved the request path out
    model = _design(_hybrid(OffloadPart.GPU_WORK, OffloadPart.HOT_PATH), gpu_required=True)

    # then: one service answers, sized as the costs price it; no job, workflow or handler
    components = _components(model)
    assert {"gpu_service", "gpu_service_alb"} <= components.keys()
    assert not {"hot_path_service", "gpu_batch_job", "workflow_state_machine", "api_handler"} & (
        components.keys()
    )
    sizes = dict(components["gpu_service"].properties)
    assert int(sizes["instances_peak"]) >= int(sizes["instances_off_peak"]) >= 1
    assert sizes["instance_type"] in components["gpu_service"].label


def test_an_offloaded_long_job_is_started_by_the_state_machine_the_entry_function_starts():
    # when: long runs queued at most 10 a second, within Fargate's 20 launches a second
    model = _design(_hybrid(OffloadPart.LONG_RUNNING_JOBS), triggers=["queue"], peak_rps=10)

    # then
    assert ("queue_worker", "workflow_state_machine", "StartExecution") in _edges(model)


def test_long_runs_queued_faster_than_fargate_launches_are_worked_by_a_service():
    # when: 50 a second at the peak, more than Fargate's 20 launches a second
    model = _design(_hybrid(OffloadPart.LONG_RUNNING_JOBS), triggers=["queue"], peak_rps=50)

    # then: the service reads the queue; no function, workflow or task per run
    assert ("work_queue", "worker_service", "ReceiveMessage (long polling)") in _edges(model)
    assert not model.functions
    assert not {"workflow_state_machine", "long_running_task"} & set(_components(model))


# --- security -------------------------------------------------------------------


@pytest.mark.parametrize("data_store", ["key_value", "document", "relational", "object"])
def test_sensitive_data_is_encrypted_with_a_customer_managed_key(data_store):
    # when
    model = _design(
        data_store=data_store,
        sensitive_data=True,
        triggers=["http", "queue", "file_upload"],
        persistent_connections="websocket",
    )

    # then
    assert _components(model)["data_key"].service == "AWS Key Management Service"
    protected = {e.target for e in model.edges if e.source == "data_key"}
    assert protected & DATA_COMPONENTS
    for fn in model.functions:
        touches_data = any(p.resource in protected for p in fn.permissions)
        assert ("kms:Decrypt" in _actions_on(fn, "data_key")) is touches_data, fn.id


def test_data_that_is_not_sensitive_gets_no_customer_managed_key():
    # when
    model = _design(data_store="key_value", sensitive_data=False)

    # then
    assert "data_key" not in _components(model)
    assert not [
        a for fn in model.functions for p in fn.permissions for a in p.actions if "kms" in a
    ]


def test_every_function_has_its_own_role():
    # when
    model = _design(triggers=["http", "queue", "schedule"])

    # then
    components = _components(model)
    for fn in model.functions:
        role = components[f"{fn.id}_role"]
        assert role.cluster == "security"
        assert (role.id, fn.id, "assumed by") in _edges(model)


# --- sizing -----------------------------------------------------------------------


def test_api_facing_functions_stop_before_api_gateway_gives_up():
    # when
    model = _design(max_duration_s=120, avg_duration_ms=60_000, triggers=["http", "queue"])

    # then
    assert _function(model, "api_handler").timeout_s == API_GATEWAY_TIMEOUT_S
    assert 120 < _function(model, "queue_worker").timeout_s <= LAMBDA_MAX_TIMEOUT_S


def test_work_functions_get_the_workloads_memory_and_a_timeout_above_its_longest_run():
    # when
    model = _design(triggers=["schedule"], max_duration_s=300, avg_duration_ms=2000, memory_mb=2048)

    # then
    job = _function(model, "scheduled_job")
    assert job.memory_mb == 2048
    assert 300 < job.timeout_s <= LAMBDA_MAX_TIMEOUT_S
    assert (
        _components(model)["scheduled_job"].label
        == f"Lambda: scheduled-job · 2,048 MB · {job.timeout_s} s"
    )


def test_reserved_concurrency_caps_fit_in_the_regions_pool():
    # when: a heavy workload whose functions would each want more than the Region has
    model = _design(
        triggers=["http", "queue", "schedule", "file_upload"],
        avg_rps=500,
        peak_rps=2000,
        avg_duration_ms=800,
        max_duration_s=20,
    )

    # then
    caps = [fn.reserved_concurrency for fn in model.functions]
    assert all(cap is not None and cap >= 1 for cap in caps)
    assert sum(caps) <= REGIONAL_POOL


def test_reserved_concurrency_leaves_head_room_over_the_peak():
    # when
    model = _design(peak_rps=100, avg_duration_ms=200)

    # then: 100 req/s x 0.2 s = 20 in flight at peak
    assert _function(model, "api_handler").reserved_concurrency > 20


def test_provisioned_concurrency_warms_only_the_latency_sensitive_request_path(realtime_chat):
    # when
    model = design_architecture(realtime_chat, FITS)

    # then
    warmed = {
        fn.id: fn.provisioned_concurrency for fn in model.functions if fn.provisioned_concurrency
    }
    assert warmed == {"ws_message": provisioned_concurrency_needed(realtime_chat)}
    assert _function(model, "ws_message").reserved_concurrency >= warmed["ws_message"]


def test_no_function_is_warmed_when_cold_starts_are_acceptable(mobile_api):
    # when
    model = design_architecture(mobile_api, FITS)

    # then
    assert all(fn.provisioned_concurrency is None for fn in model.functions)


@pytest.mark.parametrize(("budget", "present"), [(250.0, True), (None, False)])
def test_a_budget_gets_an_aws_budgets_alarm(budget, present):
    # when
    model = _design(monthly_budget_usd=budget)

    # then
    assert ("budget_alarm" in _components(model)) is present
    assert any("budget" in alarm for alarm in model.alarms) is present


def test_every_function_is_alarmed_on_errors_throttles_and_duration():
    # when
    model = _design(triggers=["http", "pubsub"])

    # then
    for fn in model.functions:
        name = fn.id.replace("_", "-")
        for metric in ("errors", "throttles", "duration"):
            assert any(alarm.startswith(f"{name} {metric}") for alarm in model.alarms)


# --- invariants over every answer and the presets --------------------------------------

INVARIANT_CASES = [
    *({"triggers": [trigger]} for trigger, _, _ in TRIGGER_CASES),
    *({"data_store": store, "sensitive_data": True} for store, _, _ in DATA_STORE_CASES),
    *({"workflow": workflow} for workflow, _, _ in WORKFLOW_CASES),
    *({"auth": auth, "persistent_connections": "websocket"} for auth, _, _ in AUTH_CASES),
    *(answers for answers, _, _ in CONNECTION_CASES),
    {
        "triggers": ["http", "file_upload", "db_change", "queue", "pubsub", "schedule"],
        "data_store": "relational",
        "workflow": "human_approval",
        "sensitive_data": True,
        "auth": "jwt",
        "persistent_connections": "websocket",
        "monthly_budget_usd": 100,
        "max_duration_s": 2000,
        "avg_duration_ms": 60_000,
        "gpu_required": True,
    },
]
VERDICTS = [FITS, _hybrid(*OffloadPart)]


def _assert_invariants(model) -> None:
    ids = [component.id for component in model.components]
    assert len(ids) == len(set(ids)), "component ids are unique"
    assert all(ID_PATTERN.match(component_id) for component_id in ids)
    for edge in model.edges:
        assert edge.source in ids and edge.target in ids, edge
        assert edge.label
    for fn in model.functions:
        assert fn.id in ids and fn.trigger in ids
        assert 1 <= fn.timeout_s <= LAMBDA_MAX_TIMEOUT_S
        if fn.trigger in API_FRONT_DOORS:
            assert fn.timeout_s <= API_GATEWAY_TIMEOUT_S, fn.id
        for permission in fn.permissions:
            assert permission.resource in ids, permission
            assert permission.resource != "*" and permission.actions
            assert all("*" not in action for action in permission.actions)
        env_values = [
            value for name, value in fn.environment if not name.startswith(("POWERTOOLS", "LOG"))
        ]
        assert all(value in ids for value in env_values)
    assert {c.cluster for c in model.components} <= {
        "clients_edge",
        "compute",
        "data",
        "messaging_workflow",
        "security",
        "observability",
    }


@pytest.mark.parametrize("verdict", VERDICTS, ids=["fits", "hybrid"])
@pytest.mark.parametrize("changes", INVARIANT_CASES)
def test_every_model_keeps_its_invariants(changes, verdict):
    # when
    model = _design(verdict, **changes)

    # then
    _assert_invariants(model)


@pytest.mark.parametrize("verdict", VERDICTS, ids=["fits", "hybrid"])
def test_every_preset_keeps_the_invariants(preset_workload, verdict):
    # when
    model = design_architecture(preset_workload, verdict)

    # then
    _assert_invariants(model)
    assert model.alarms


def test_the_presets_get_the_designs_their_answers_call_for(
    mobile_api, nightly_batch, realtime_chat, video_pipeline
):
    # when
    designs = {
        "mobile": _components(design_architecture(mobile_api, FITS)),
        "nightly": _components(design_architecture(nightly_batch, FITS)),
        "chat": _components(design_architecture(realtime_chat, FITS)),
        "video": _components(design_architecture(video_pipeline, FITS)),
    }

    # then
    assert {"http_api", "api_handler", "app_table", "data_key", "jwt_authorizer"} <= designs[
        "mobile"
    ].keys()
    assert {"schedule_rule", "work_queue", "workflow_state_machine", "object_bucket"} <= designs[
        "nightly"
    ].keys()
    # 40 messages a second published: past the volume where a stream costs less than SNS.
    assert {"websocket_api", "ws_message", "event_stream", "connections_table"} <= designs[
        "chat"
    ].keys()
    # 45-minute runs cannot fit in Lambda: the long job runs on Fargate.
    assert designs["video"]["long_running_task"].offloaded


def test_the_same_answers_give_an_equal_model(preset_workload):
    # when
    first = design_architecture(preset_workload, _hybrid(OffloadPart.HOT_PATH))
    second = design_architecture(preset_workload, _hybrid(OffloadPart.HOT_PATH))

    # then
    assert first == second
    assert hash(first) == hash(second)


def test_reserved_concurrency_across_functions_leaves_half_the_account_quota_free():
    # given: a busy workload with every trigger, so many functions want big caps
    model = _design(
        avg_rps=900,
        peak_rps=2000,
        triggers=["http", "file_upload", "db_change", "queue", "pubsub", "schedule"],
    )
    # when
    reserved = sum(fn.reserved_concurrency or 0 for fn in model.functions)
    # then: the stack deploys beside others, and on accounts below the default quota of 1,000
    assert 0 < reserved <= 500
