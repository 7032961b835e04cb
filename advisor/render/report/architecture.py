"""The architecture sections: function inventory and the two checklists.

Each checklist item is "done" (in the generated starter repo), "team" (left to the team)
or "not_needed", derived from the architecture model the starter repo is generated from.
"""

from __future__ import annotations

from typing import Any

from advisor.engine.results import ArchitectureModel
from advisor.engine.workload import Workload
from advisor.render.report.formatting import number


def function_rows(model: ArchitectureModel) -> list[dict[str, Any]]:
    labels = {component.id: component.label for component in model.components}
    return [
        {
            "id": function.id,
            "purpose": function.purpose,
            "trigger": labels.get(function.trigger, function.trigger),
            "memory": f"{function.memory_mb:,} MB",
            "timeout": f"{function.timeout_s:,} s",
            "architecture": function.architecture,
            "reserved": number(function.reserved_concurrency)
            if function.reserved_concurrency is not None
            else "none",
            "provisioned": number(function.provisioned_concurrency)
            if function.provisioned_concurrency
            else "none",
            "permissions": [_permission(p.actions, p.resource) for p in function.permissions],
        }
        for function in model.functions
    ]


def _permission(actions: tuple[str, ...], resource: str) -> str:
    """ "dynamodb:GetItem, PutItem on app_table": the service prefix once when shared."""
    prefixes = {action.partition(":")[0] for action in actions}
    if len(prefixes) == 1 and all(":" in action for action in actions):
        names = [action.partition(":")[2] for action in actions]
        return f"{prefixes.pop()}:{', '.join(names)} on {resource}"
    return f"{', '.join(actions)} on {resource}"


def _item(title: str, status: str, evidence: str) -> dict[str, str]:
    return {"title": title, "status": status, "evidence": evidence}


def _kinds(model: ArchitectureModel, kind: str) -> list[Any]:
    return [component for component in model.components if component.kind == kind]


def security_checklist(workload: Workload, model: ArchitectureModel) -> list[dict[str, str]]:
    roles = {c.id for c in _kinds(model, "iam_role")}
    own_roles = all(f"{f.id}_role" in roles for f in model.functions)
    wildcard = any(
        "*" in p.resource or any("*" in a for a in p.actions)
        for f in model.functions
        for p in f.permissions
    )
    items = [
        _item(
            "Least privilege: one IAM role per function, actions on named resources",
            "done" if own_roles and not wildcard else "team",
            f"{len(roles)} roles for {len(model.functions)} functions"
            + ("; no wildcard actions or resources" if not wildcard else "; wildcards found"),
        ),
        _item(
            "Input validation against a schema for every event",
            "team",
            "the payload schemas are specific to the business: write them in the logic modules",
        ),
        _auth_item(workload, model),
        _kms_item(workload, model),
        _item(
            "Secrets in Secrets Manager or SSM Parameter Store, never in code",
            "team",
            "environment variables carry resource names only; store credentials and "
            "fetch them at start-up (cached)",
        ),
        _item(
            "Dependency scanning on every build",
            "done",
            "the starter repo's CI audits the dependencies on every push",
        ),
        _item(
            "Alarms on errors, throttles and duration, sent to the people on call",
            "done" if model.alarms and _kinds(model, "alarm") else "team",
            f"{len(model.alarms)} CloudWatch alarms to an SNS on-call topic",
        ),
        _item(
            "Tracing and structured logs",
            "done" if _kinds(model, "tracing") and _kinds(model, "log_group") else "team",
            "X-Ray active on every function; one log group per function with retention",
        ),
    ]
    buckets = _kinds(model, "bucket")
    if buckets:
        private = all(dict(b.properties).get("block_public_access") == "true" for b in buckets)
        items.append(
            _item(
                "S3 buckets private (block public access)",
                "done" if private else "team",
                f"{len(buckets)} bucket(s) with public access blocked" if private else "check",
            )
        )
    return items


def _auth_item(workload: Workload, model: ArchitectureModel) -> dict[str, str]:
    if workload.auth.value == "jwt":
        present = bool(_kinds(model, "authorizer"))
        return _item(
            "JWT validated at the API gateway",
            "done" if present else "team",
            "JWT authorizer checks issuer and audience; connect your identity provider",
        )
    if workload.auth.value == "iam":
        return _item(
            "Callers authenticated with IAM (SigV4) at the API gateway",
            "done",
            "the API requires signed requests; grant callers execute-api:Invoke",
        )
    return _item(
        "Public API: decide who may call it",
        "team",
        "no authentication was asked for; add throttling and AWS WAF before launch",
    )


def _kms_item(workload: Workload, model: ArchitectureModel) -> dict[str, str]:
    if not workload.sensitive_data:
        return _item(
            "Customer-managed KMS keys for data at rest",
            "not_needed",
            "no personal or regulated data declared: AWS-managed encryption at rest applies",
        )
    keys = _kinds(model, "kms_key")
    return _item(
        "Customer-managed KMS key for personal or regulated data",
        "done" if keys else "team",
        "key with yearly rotation encrypts tables, topics and logs" if keys else "add a key",
    )


def operations_checklist(workload: Workload, model: ArchitectureModel) -> list[dict[str, str]]:
    batched = [e.label for e in model.edges if "batch" in e.label.lower()]
    capped = [f for f in model.functions if f.reserved_concurrency is not None]
    budgets = _kinds(model, "budget")
    dead_letters = [c for c in model.components if c.kind == "queue" and "dead-letter" in c.label]
    items = [
        _item(
            "Batching of queue messages",
            "done" if batched else "not_needed",
            ", ".join(sorted(set(batched))) if batched else "no queue consumers in this design",
        ),
        _item(
            "Reserved concurrency caps on every function",
            "done" if len(capped) == len(model.functions) else "team",
            ", ".join(f"{f.id}: {f.reserved_concurrency}" for f in capped) or "none set",
        ),
        _item(
            "Cost-allocation tags (application, component, environment)",
            "team",
            "activate the tags for cost allocation in the Billing console of the account",
        ),
        _item(
            "Budget alarm",
            "done" if budgets else "team",
            budgets[0].label if budgets else "no budget given: set one in AWS Budgets",
        ),
        _item(
            "Per-function cost and duration monitoring",
            "team",
            "build a dashboard of cost per function from the tags and Lambda metrics",
        ),
        _item(
            "Memory right-sizing",
            "team",
            "measure with AWS Lambda Power Tuning once real payloads flow",
        ),
    ]
    if dead_letters:
        items.append(_item("Dead-letter queue with an alarm", "done", dead_letters[0].label))
    if any(f.provisioned_concurrency for f in model.functions):
        items.append(
            _item(
                "Provisioned concurrency scaled on a schedule",
                "team",
                "schedule it to busy hours with Application Auto Scaling",
            )
        )
    return items
