"""A readable terminal summary of an assessment (`advise --format text`)."""

from __future__ import annotations

from advisor.engine.costs.option_kinds import priced_kinds
from advisor.engine.numbers import format_rps
from advisor.engine.results import Assessment, Estimate, Fit, RuleHit
from advisor.engine.workload import Workload
from advisor.render.reasoning import design_choice_rows, score_steps, what_would_change

FIT_WORDS = {
    Fit.FITS: "FITS serverless",
    Fit.HYBRID: "FITS AS A HYBRID (serverless core, some parts elsewhere)",
    Fit.DOES_NOT_FIT: "DOES NOT FIT serverless",
}
EFFECT_MARKS = {"blocker": "✗", "money": "$", "against": "−", "for": "+", "recommendation": "→"}


def assessment_as_text(workload: Workload, assessment: Assessment) -> str:
    sections = [
        _verdict_section(workload, assessment),
        _reasons_section(assessment.verdict.reasons),
        _score_section(assessment),
        _design_section(assessment),
        _costs_section(workload, assessment),
        _thresholds_section(workload, assessment),
        _recommendations_section(assessment.verdict.recommendations),
        _architecture_section(assessment),
        f"Knowledge: {assessment.knowledge_version}",
    ]
    return "\n\n".join(section for section in sections if section) + "\n"


def _verdict_section(workload: Workload, assessment: Assessment) -> str:
    verdict = assessment.verdict
    lines = [
        f"Workload: {workload.name}",
        f"Verdict:  {FIT_WORDS[verdict.fit]} — score {verdict.score}/100",
    ]
    if verdict.summary:
        lines.append(verdict.summary)
    if verdict.offloaded_parts:
        parts = ", ".join(part.value.replace("_", " ") for part in verdict.offloaded_parts)
        lines.append(f"Runs outside Lambda: {parts}")
    return "\n".join(lines)


def _reasons_section(reasons: tuple[RuleHit, ...]) -> str:
    if not reasons:
        return "Why: no rule weighed on this workload."
    lines = ["Why"]
    for hit in reasons:
        lines.append(f"  {EFFECT_MARKS[hit.effect.value]} {hit.message}")
        lines.append(f"      [{hit.rule}, {hit.effect.value}] source: {_source(hit)}")
    return "\n".join(lines)


def _score_section(assessment: Assessment) -> str:
    steps = score_steps(assessment.verdict)
    if not steps:
        return ""
    lines = ["How the score was reached"]
    for step in steps:
        mark = step.points if step.counted else f"({step.points})"
        lines.append(f"  {mark:>6}  {step.what}")
    lines.append(f"  = {assessment.verdict.score}/100")
    return "\n".join(lines)


def _design_section(assessment: Assessment) -> str:
    rows = design_choice_rows(assessment.design)
    if not rows:
        return ""
    lines = ["Design choices"]
    lines += [f"  {row.topic}: {row.choice}. {row.reason}" for row in rows]
    return "\n".join(lines)


def _costs_section(workload: Workload, assessment: Assessment) -> str:
    costs = assessment.costs
    options = [(kind.label(workload), estimate) for kind, estimate in priced_kinds(costs)]
    width = max(len(label) for label, _ in options) + 2
    lines = [f"Monthly cost ({workload.region}, USD, 730-hour month)"]
    lines += [f"  {label:<{width}}{_usd(estimate.monthly_usd):>12}" for label, estimate in options]
    if costs.break_even_avg_rps is not None:
        lines.append(
            f"  Break-even: {format_rps(costs.break_even_avg_rps)} req/s average "
            f"(this workload: {format_rps(workload.avg_rps)} req/s)"
        )
    else:
        lines.append("  Break-even: none — with this traffic shape the costs never cross")
    if workload.monthly_budget_usd is not None:
        lines.append(f"  Budget: {_usd(workload.monthly_budget_usd)} a month")
    lines += ["", "Serverless line items", _line_items(costs.serverless)]
    lines += [f"  Note: {note}" for note in costs.serverless.notes]
    lines += [f"  Advice: {advice}" for advice in costs.advice]
    return "\n".join(lines)


def _line_items(estimate: Estimate) -> str:
    # As wide as the longest service key ("lambda_managed_instances"), so none runs into
    # its item.
    width = max((len(line.service) + 1 for line in estimate.items), default=16)
    rows = [
        f"  {line.service:<{max(width, 16)}}{line.item[:38]:<40}"
        f"{line.quantity:>16,.2f} {line.unit[:18]:<19}"
        f"{_usd(line.monthly_usd):>12}"
        for line in estimate.items
    ]
    return "\n".join(rows) if rows else "  (none)"


def _thresholds_section(workload: Workload, assessment: Assessment) -> str:
    thresholds = what_would_change(workload, assessment)
    if not thresholds:
        return ""
    return "\n".join(["What would change the verdict"] + [f"  • {t.message}" for t in thresholds])


def _recommendations_section(recommendations: tuple[RuleHit, ...]) -> str:
    if not recommendations:
        return ""
    lines = ["Recommendations"]
    for hit in recommendations:
        lines.append(f"  → [{hit.category}] {hit.message}")
    return "\n".join(lines)


def _architecture_section(assessment: Assessment) -> str:
    model = assessment.architecture
    lines = [f"Architecture: {len(model.components)} components, {len(model.edges)} flows"]
    for function in model.functions:
        lines.append(
            f"  λ {function.id}: {function.memory_mb:,} MB, {function.timeout_s} s, "
            f"{function.architecture}, triggered by {function.trigger}"
        )
    for component in model.components:
        if component.offloaded:
            lines.append(f"  ⇢ outside Lambda: {component.label} ({component.service})")
    return "\n".join(lines)


def _source(hit: RuleHit) -> str:
    if not hit.sources:
        return "—"
    first = hit.sources[0]
    return first.url or f"guide, “{first.section}”"


def _usd(amount: float) -> str:
    return f"${amount:,.2f}"
