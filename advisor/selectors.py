"""Reads: what the pages show, drawn from the database and the engine."""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Count, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from advisor.engine import evaluate
from advisor.engine.costs.option_kinds import COMPARED, cheapest_alternative, priced_kinds
from advisor.engine.results import Assessment as EngineAssessment
from advisor.engine.results import CostLine, Estimate, RuleHit
from advisor.engine.rules.categories import rule_category
from advisor.engine.workload import Workload
from advisor.errors import UserMessageError
from advisor.models import ApiToken, Assessment, AssessmentRevision, ShareLink
from advisor.pictures import shared_evaluate
from advisor.questionnaire import InvalidAnswersError, workload_from_answers, workload_from_file
from advisor.render.questions import FIELD_TEXTS
from advisor.render.reasoning import own_lines

logger = logging.getLogger(__name__)

PRESETS_DIR = Path(__file__).resolve().parent.parent / "knowledge" / "presets"


@dataclass(frozen=True)
class PresetSummary:
    slug: str
    name: str
    fit: str
    fit_label: str
    score: int
    summary: str
    serverless_monthly_usd: float
    cheapest_alternative_usd: float


@functools.cache
def preset_summaries() -> tuple[PresetSummary, ...]:
    """The verdict for each preset workload; the knowledge does not change while we run."""
    summaries = []
    for path in sorted(PRESETS_DIR.glob("*.yaml")):
        workload = workload_from_file(path)
        assessment = evaluate(workload)
        costs = assessment.costs
        summaries.append(
            PresetSummary(
                slug=path.stem,
                name=workload.name,
                fit=assessment.verdict.fit.value,
                fit_label=assessment.verdict.fit.label,
                score=assessment.verdict.score,
                summary=assessment.verdict.summary,
                serverless_monthly_usd=costs.serverless.monthly_usd,
                cheapest_alternative_usd=cheapest_alternative(costs).estimate(costs).monthly_usd,
            )
        )
    return tuple(summaries)


def preset_answers(slug: str) -> dict[str, Any] | None:
    """A preset's answers by file name; None for a name that is not a preset."""
    if slug not in {p.slug for p in preset_summaries()}:
        return None
    return yaml.safe_load((PRESETS_DIR / f"{slug}.yaml").read_text(encoding="utf-8"))


@functools.lru_cache(maxsize=512)
def assessment_evaluate(workload: Workload) -> EngineAssessment:
    """The engine's answer; cached because typing often returns to an earlier value."""
    return evaluate(workload)


def live_evaluate(workload: Workload) -> EngineAssessment:
    """The live panel's answer: the verdict, reasons, totals and design it shows, without
    the break-even, cost advice or nearby edges it does not (half the engine's work)."""
    return evaluate(workload, brief=True)


# --- saved assessments -------------------------------------------------------------------


def assessment_list(*, owner: AbstractBaseUser, search: str = "") -> QuerySet[Assessment]:
    """Most recently changed first. Said here: Django leaves Meta.ordering out of a query
    with GROUP BY, which the revision count makes."""
    assessments = (
        Assessment.objects.filter(owner=owner)
        .annotate(revision_count=Count("revisions"))
        .order_by("-updated_at", "-id")
    )
    return assessments.filter(name__icontains=search.strip()) if search.strip() else assessments


@dataclass(frozen=True)
class AssessmentRow:
    """One line of "My assessments": the assessment and its latest revision's answer."""

    assessment: Assessment
    result: EngineAssessment | None  # None when the saved answers no longer evaluate

    @property
    def serverless_monthly_usd(self) -> float | None:
        return self.result.costs.serverless.monthly_usd if self.result else None


def assessment_rows(assessments: QuerySet[Assessment]) -> list[AssessmentRow]:
    """Each assessment with the verdict of its latest revision (one query for them all;
    the engine's answers are cached by workload)."""
    listed = list(assessments)
    latest: dict[int, AssessmentRevision] = {}
    revisions = AssessmentRevision.objects.filter(assessment__in=listed).order_by("-number")
    for revision in revisions:
        latest.setdefault(revision.assessment_id, revision)
    return [AssessmentRow(a, _result_or_none(latest.get(a.pk))) for a in listed]


def _result_or_none(revision: AssessmentRevision | None) -> EngineAssessment | None:
    if revision is None:
        return None
    try:
        return revision_evaluate(revision)[1]
    except RevisionNotEvaluableError:
        return None


def assessment_get(*, id: int, owner: AbstractBaseUser) -> Assessment:
    """The owner's assessment; anyone else gets 404, as if it did not exist."""
    return get_object_or_404(Assessment, pk=id, owner=owner)


def revision_get(*, assessment: Assessment, number: int | None = None) -> AssessmentRevision:
    """A revision by number, or the latest one."""
    revisions = assessment.revisions.all()
    if number is None:
        return get_object_or_404(revisions.order_by("-number")[:1])
    return get_object_or_404(revisions, number=number)


def revision_get_by_id(*, id: int, owner: AbstractBaseUser) -> AssessmentRevision:
    return get_object_or_404(
        AssessmentRevision.objects.select_related("assessment"),
        pk=id,
        assessment__owner=owner,
    )


def revision_workload(revision: AssessmentRevision) -> Workload:
    """Stored answers re-validated through the one form, so they always read as today's."""
    return workload_from_answers(revision.answers)


class RevisionNotEvaluableError(UserMessageError):
    """Saved answers that today's questionnaire or engine cannot evaluate (saved before a
    rule existed); `field_errors` says why, field by field, for the page to show."""

    def __init__(self, revision: AssessmentRevision, field_errors: dict[str, list[str]]) -> None:
        self.revision = revision
        self.field_errors = field_errors
        super().__init__(
            f"Revision {revision.number} of “{revision.name}” can no longer be "
            "evaluated; edit it and save a new revision."
        )


def revision_evaluate(revision: AssessmentRevision) -> tuple[Workload, EngineAssessment]:
    """The revision's workload and the engine's answer, or RevisionNotEvaluableError."""
    try:
        workload = revision_workload(revision)
    except InvalidAnswersError as exc:
        raise RevisionNotEvaluableError(revision, exc.field_errors) from exc
    try:
        return workload, shared_evaluate(workload)
    except ArithmeticError as exc:  # an engine bug these answers reach: logged, explained
        logger.exception("revision %s: the engine could not evaluate it", revision.pk)
        problem = ["The cost model could not compute these answers."]
        raise RevisionNotEvaluableError(revision, {"__all__": problem}) from exc


# Tokens are secrets.token_urlsafe(32) (advisor/services.py): anything else is no token, and
# is never sent to the database (PostgreSQL refuses a NUL in a query: a 500, not a 404).
SHARE_TOKEN_PATTERN = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


def share_link_active(*, token: str) -> ShareLink | None:
    """The active share link of `token`; None for revoked, unknown or malformed tokens."""
    if not SHARE_TOKEN_PATTERN.match(token):
        return None
    return (
        ShareLink.objects.select_related("assessment")
        .filter(token=token, revoked_at__isnull=True)
        .first()
    )


def share_link_get(*, token: str) -> ShareLink:
    """An active share link; revoked or unknown tokens get 404."""
    link = share_link_active(token=token)
    if link is None:
        raise Http404("No such share link")
    return link


def share_link_was_revoked(*, token: str) -> bool:
    """Whether a token once opened a result and its owner has since revoked it."""
    return ShareLink.objects.filter(token=token, revoked_at__isnull=False).exists()


def share_link_revision(*, link: ShareLink) -> AssessmentRevision:
    """The one revision a link opens: the one it was made for, or the latest."""
    if link.revision_id is not None:
        return AssessmentRevision.objects.select_related("assessment").get(pk=link.revision_id)
    return revision_get(assessment=link.assessment)


def share_link_list(*, assessment: Assessment) -> QuerySet[ShareLink]:
    return assessment.share_links.select_related("revision")


def share_link_get_for_owner(*, id: int, assessment: Assessment) -> ShareLink:
    return get_object_or_404(ShareLink, pk=id, assessment=assessment)


def api_token_list(*, user: AbstractBaseUser) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user)


def api_token_user(*, key_sha256: str) -> AbstractBaseUser | None:
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_sha256=key_sha256, revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    return token.user if token else None


# --- what the result pages show ----------------------------------------------------------


@dataclass(frozen=True)
class CostOption:
    key: str
    label: str
    estimate: Estimate
    cheapest: bool
    own_items: tuple[CostLine, ...]  # without the lines every option pays alike
    compared: bool  # set side by side with serverless (not a what-if)
    short: str  # the option's name in a list: "Containers"


def cost_options(
    result: EngineAssessment, workload: Workload, *, compared_only: bool = False
) -> list[CostOption]:
    costs = result.costs
    cheapest = min(kind.estimate(costs).monthly_usd for kind in COMPARED)
    return [
        CostOption(
            kind.key,
            kind.label(workload),
            estimate,
            kind.compared and estimate.monthly_usd == cheapest,
            own_lines(costs, estimate),
            kind.compared,
            kind.short,
        )
        for kind, estimate in priced_kinds(costs)
        if kind.compared or not compared_only
    ]


def recommendation_groups(result: EngineAssessment) -> list[tuple[str, list[RuleHit]]]:
    """Recommendations as a checklist grouped by category, in the categories' reading order."""
    groups: dict[str, list[RuleHit]] = {}
    for hit in result.verdict.recommendations:
        groups.setdefault(hit.category, []).append(hit)
    ranked = sorted(groups, key=lambda key: rule_category(key).order)
    return [(rule_category(key).label, groups[key]) for key in ranked]


def top_reasons(result: EngineAssessment, count: int = 3) -> list[RuleHit]:
    """The reasons that weigh most, each said once: blockers first, then what must never
    hide (the budget's verdict: a design over budget said so in none of three reasons
    before), then the money that decides, then by weight."""

    def rank(hit: RuleHit) -> tuple[bool, bool, bool, float]:
        always = rule_category(hit.category).always_shown and hit.effect.value == "money"
        return (hit.effect.value != "blocker", not always, hit.effect.value != "money", -hit.weight)

    ranked = sorted(result.verdict.reasons, key=rank)
    said_once = {hit.message: hit for hit in reversed(ranked)}  # the first of equals stays
    return sorted(said_once.values(), key=rank)[:count]


# Compare rows read as the questionnaire does: its label and unit, then the field's name.
ANSWER_LABELS: dict[str, tuple[str, str]] = {
    name: (text.label, text.unit) for name, text in FIELD_TEXTS.items()
} | {"assumptions": ("Cost assumptions overridden", "")}


@dataclass(frozen=True)
class ComparedAnswer:
    """One answer of several workloads, in the order they were given."""

    name: str
    values: tuple[Any, ...]
    label: str
    unit: str

    @property
    def differs(self) -> bool:
        return any(value != self.values[0] for value in self.values[1:])


def compared_answers(
    workloads: Sequence[Workload], *, labels: Mapping[str, tuple[str, str]] = ANSWER_LABELS
) -> list[ComparedAnswer]:
    """Every answer of `workloads` side by side; `labels` maps a field to (label, unit)."""
    answers = [workload.as_dict() for workload in workloads]
    return [
        ComparedAnswer(name, tuple(a[name] for a in answers), *labels.get(name, (name, "")))
        for name in answers[0]
    ]


@dataclass(frozen=True)
class ComparedInput:
    name: str
    left: Any
    right: Any
    label: str = ""  # what a person reads; the field name when none is given
    unit: str = ""

    @property
    def differs(self) -> bool:
        return self.left != self.right


def compared_inputs(
    left: Workload, right: Workload, *, labels: Mapping[str, tuple[str, str]] | None = None
) -> list[ComparedInput]:
    """Every answer of two workloads side by side; `labels` maps a field to (label, unit)."""
    rows = compared_answers((left, right), labels=labels or {})
    return [ComparedInput(row.name, *row.values, row.label, row.unit) for row in rows]


@dataclass(frozen=True)
class VerdictFigures:
    """What a list of assessments shows of each: the verdict and the monthly costs."""

    fit: str
    fit_label: str
    score: int
    summary: str
    serverless_monthly_usd: float
    cheapest_alternative_usd: float  # the cheaper of containers and reserved VMs


def verdict_figures(result: EngineAssessment) -> VerdictFigures:
    verdict, costs = result.verdict, result.costs
    return VerdictFigures(
        fit=verdict.fit.value,
        fit_label=verdict.fit.label,
        score=verdict.score,
        summary=verdict.summary,
        serverless_monthly_usd=costs.serverless.monthly_usd,
        cheapest_alternative_usd=cheapest_alternative(costs).estimate(costs).monthly_usd,
    )
