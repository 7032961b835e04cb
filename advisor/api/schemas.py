"""What the API answers, as OpenAPI response schemas (and the few bodies it reads besides
the questionnaire). Errors have two shapes: `{"errors": {field: [messages]}}` for input the
form or a service refused (400, 409, 429), and django-ninja's `{"detail": ...}` for 401,
403, 404 and a path or query that does not parse (422)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ninja import Field, Schema


class ErrorsOut(Schema):
    errors: dict[str, list[str]]


class DetailOut(Schema):
    """django-ninja's own answer for 401 (no or bad credentials), 403 and 404."""

    detail: str


class ValidationDetailOut(Schema):
    """django-ninja's answer when the path or query does not parse (an id that is not a
    number)."""

    detail: list[dict[str, Any]]


class VerdictOut(Schema):
    fit: str = Field(description="fits, hybrid or does_not_fit")
    label: str = Field(description="The verdict as the pages say it")
    score: int = Field(description="0-100: how well serverless fits")
    summary: str


class AssessmentRowOut(Schema):
    """One line of "My assessments": its latest revision's verdict and monthly costs, or
    `problem` when those answers can no longer be evaluated."""

    id: int
    name: str
    revision: int = Field(description="The latest revision's number")
    revision_id: int = Field(description="The latest revision's id (exports, compare)")
    revisions: int = Field(description="How many revisions it has")
    created_at: datetime
    updated_at: datetime
    verdict: VerdictOut | None
    serverless_monthly_usd: float | None
    cheapest_alternative_monthly_usd: float | None = Field(
        description="The cheaper of containers and reserved VMs"
    )
    problem: str | None = Field(description="Why the latest revision cannot be evaluated")


class AssessmentPageOut(Schema):
    count: int = Field(description="Assessments matching, over all pages")
    page: int
    page_size: int
    pages: int
    items: list[AssessmentRowOut]


class RevisionOut(Schema):
    id: int
    number: int
    name: str
    created_at: datetime


class ShareLinkIn(Schema):
    revision: int | None = Field(
        None,
        ge=1,
        description="A revision number: the link opens that revision only. "
        "Without it the link opens whichever revision is the latest.",
    )


class ShareLinkOut(Schema):
    id: int
    url: str = Field(description="The read-only page anyone holding the link can open")
    token: str = Field(description="Also opens this revision's exports (`?token=`)")
    revision: int | None = Field(description="The revision it opens; null: the latest")
    created_at: datetime
    revoked_at: datetime | None


class ComparedInputOut(Schema):
    name: str
    label: str
    unit: str
    values: list[Any] = Field(description="One per compared revision, in the order asked")
    differs: bool


class ComparedRevisionOut(Schema):
    assessment_id: int
    revision_id: int
    revision: int
    name: str
    verdict: dict[str, Any]
    costs: dict[str, Any]
    architecture: dict[str, Any]


class ComparisonOut(Schema):
    revisions: list[ComparedRevisionOut]
    inputs: list[ComparedInputOut] = Field(description="Every answer, side by side")


class ExportChoiceOut(Schema):
    value: str
    label: str


class ExportOptionOut(Schema):
    name: str
    label: str
    help: str
    default: str
    choices: list[ExportChoiceOut]


class ExportKindOut(Schema):
    key: str
    label: str
    extension: str
    content_type: str
    options: list[ExportOptionOut]


class ExportIn(Schema):
    kind: str = Field(description="An export kind's key (GET /exports/kinds)")
    options: dict[str, str] = Field(
        default_factory=dict, description="{option: value}; a missing option takes its default"
    )


class ExportJobOut(Schema):
    id: int
    revision_id: int
    kind: str
    kind_label: str
    options: dict[str, str]
    options_label: str
    state: str = Field(description="queued, running, done or failed")
    progress: int = Field(description="Percent, 0-100")
    step: str = Field(description="What the worker is doing now, in words")
    error: str = Field(description="Why it failed (state failed)")
    note: str = Field(description="Why it is still waiting, or was built again")
    attempts: int
    created_at: datetime
    finished_at: datetime | None
    status_url: str
    download_url: str | None = Field(description="Set once the file is ready")
