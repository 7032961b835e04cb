"""What would change the verdict through the costs: answers the money depends on.

A rule's threshold moves one fact with everything else held; a cost driver changes an
answer and prices the design again, so the money moves as it would. The drivers are the
answers an architect negotiates: the share of requests that start a workflow, the
commitment term, the consumers each published event has, and the traffic itself. Each is
searched for the nearest value that changes the fit; each search evaluates the workload a
few dozen times, so the pages and the report ask for it, not the live panel.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import replace

from advisor.engine import fit_of
from advisor.engine.costs.catalog import pricing_catalog
from advisor.engine.numbers import format_rps
from advisor.engine.results import Assessment, Fit, Threshold
from advisor.engine.workload import Trigger, Workflow, Workload

SEARCH_STEPS = 14  # bisection steps: 2^-14 of the range, finer than any answer is given
RATE_FACTORS = (0.1, 10.0)  # traffic is searched between a tenth and ten times today's
# Traffic is halved on a log scale until the two sides are within 0.2 % of each other: a
# rate is given to three significant figures (format_rps), and each step prices the
# design again (11 steps over a tenfold range instead of 14).
RATE_PRECISION = 1.002
_FIT_PHRASES = {
    Fit.FITS: "serverless fits",
    Fit.HYBRID: "serverless fits as a hybrid",
    Fit.DOES_NOT_FIT: "serverless does not fit",
}
_YEARS = {0: "no commitment (on demand)", 1: "a 1-year commitment", 3: "a 3-year commitment"}


def cost_driver_thresholds(workload: Workload, assessment: Assessment) -> tuple[Threshold, ...]:
    """The nearest answers to the workflow and upload shares, the commitment and the
    traffic that change the fit, each priced again in full."""
    fit = assessment.verdict.fit
    found = [
        *_shares(workload, fit),
        *_commitments(workload, fit),
        *_consumers(workload, fit),
        _traffic(workload, fit, up=True),
        _traffic(workload, fit, up=False),
    ]
    return tuple(threshold for threshold in found if threshold is not None)


def _fit(workload: Workload) -> Fit:
    return fit_of(workload)


def _edge(changed: Callable[[float], Workload], low: float, high: float, fit: Fit) -> float | None:
    """The value between `low` (today's side) and `high` where the fit first differs, if it
    does at `high`; bisection, assuming one crossing between them."""
    if _fit(changed(high)) == fit:
        return None
    for _ in range(SEARCH_STEPS):
        low, high = _halved(changed, low, high, (low + high) / 2, fit)
    return high


def _rate_edge(
    changed: Callable[[float], Workload], low: float, high: float, fit: Fit
) -> float | None:
    """`_edge` for a factor of the traffic: halved on a log scale to RATE_PRECISION."""
    if _fit(changed(high)) == fit:
        return None
    while max(low, high) / min(low, high) > RATE_PRECISION:
        low, high = _halved(changed, low, high, math.sqrt(low * high), fit)
    return high


def _halved(
    changed: Callable[[float], Workload], low: float, high: float, middle: float, fit: Fit
) -> tuple[float, float]:
    """The half of (low, high) where the fit changes: `low` keeps today's fit."""
    return (middle, high) if _fit(changed(middle)) == fit else (low, middle)


# The shares of requests searched for an edge: the field, when it applies, and what a
# request in the share does, in the message's words.
_SHARES: tuple[tuple[str, Callable[[Workload], bool], str], ...] = (
    ("workflow_share", lambda w: w.workflow != Workflow.NONE, "starting a workflow"),
    # Only where some requests may upload and others not: with uploads the only trigger,
    # every event is one and the answer is not read (Workload.uploading_share).
    (
        "upload_share",
        lambda w: Trigger.FILE_UPLOAD in w.triggers and set(w.triggers) != {Trigger.FILE_UPLOAD},
        "uploading a file",
    ),
)


def _shares(workload: Workload, fit: Fit) -> list[Threshold | None]:
    return [
        _share(workload, fit, field, doing)
        for field, applies, doing in _SHARES
        if applies(workload)
    ]


def _share(workload: Workload, fit: Fit, field: str, doing: str) -> Threshold | None:
    """The nearest share of requests, toward none or all, where the fit changes."""
    now = getattr(workload, field)
    for end in (0.0, 1.0):
        if end == now:
            continue
        edge = _edge(lambda share: replace(workload, **{field: share}), now, end, fit)
        if edge is not None:
            after = _fit(replace(workload, **{field: edge}))
            return Threshold(
                rule="cost_model",
                field=field,
                current=now,
                threshold=edge,
                message=(
                    f"With {_share_words(edge)} of requests {doing} (now "
                    f"{_share_words(now)}), {_FIT_PHRASES[after]}."
                ),
                fit_after=after,
            )
    return None


def _share_words(share: float) -> str:
    return f"{share:.0%}" if share >= 0.01 else f"{share:.2%}"


def _commitments(workload: Workload, fit: Fit) -> list[Threshold]:
    found = []
    for years in (0, 1, 3):
        if years == workload.commitment_years:
            continue
        after = _fit(replace(workload, commitment_years=years))
        if after != fit:
            found.append(
                Threshold(
                    rule="cost_model",
                    field="commitment_years",
                    current=float(workload.commitment_years),
                    threshold=float(years),
                    message=(
                        f"With {_YEARS[years]} (now {_YEARS[workload.commitment_years]}), "
                        f"{_FIT_PHRASES[after]}."
                    ),
                    fit_after=after,
                )
            )
    return found


def _consumers(workload: Workload, fit: Fit) -> list[Threshold]:
    """The nearest numbers of consumers of each published event, fewer and more (up to
    the most enhanced fan-out consumers a stream registers), where the fit changes."""
    if Trigger.PUBSUB not in workload.triggers:
        return []
    now = workload.event_consumers
    most = int(pricing_catalog().meter("kinesis", "max_enhanced_fan_out_consumers"))
    found = []
    for end in (1, most):
        edge = _whole_edge(lambda n: replace(workload, event_consumers=n), now, end, fit)
        if edge is None:
            continue
        after = _fit(replace(workload, event_consumers=edge))
        found.append(
            Threshold(
                rule="cost_model",
                field="event_consumers",
                current=float(now),
                threshold=float(edge),
                message=(
                    f"With {edge} consumers of each published event (now {now}), "
                    f"{_FIT_PHRASES[after]}."
                ),
                fit_after=after,
            )
        )
    return found


def _whole_edge(changed: Callable[[int], Workload], low: int, high: int, fit: Fit) -> int | None:
    """The whole number nearest `low` (today's) toward `high` where the fit first differs,
    if it does at `high`; bisection, assuming one crossing between them."""
    if low == high or _fit(changed(high)) == fit:
        return None
    while abs(high - low) > 1:
        middle = low + (high - low) // 2
        low, high = (middle, high) if _fit(changed(middle)) == fit else (low, middle)
    return high


def _traffic(workload: Workload, fit: Fit, *, up: bool) -> Threshold | None:
    if workload.avg_rps <= 0:
        return None

    def scaled(factor: float) -> Workload:
        return replace(
            workload, avg_rps=workload.avg_rps * factor, peak_rps=workload.peak_rps * factor
        )

    end = RATE_FACTORS[1] if up else RATE_FACTORS[0]
    factor = _rate_edge(scaled, 1.0, end, fit)
    if factor is None:
        return None
    rate = workload.avg_rps * factor
    after = _fit(scaled(factor))
    return Threshold(
        rule="cost_model",
        field="avg_rps",
        current=workload.avg_rps,
        threshold=rate,
        message=(
            f"With the traffic {'up' if up else 'down'} to an average of {_rate(rate)} req/s "
            f"(now {_rate(workload.avg_rps)}), the shape held, {_FIT_PHRASES[after]}."
        ),
        fit_after=after,
    )


def _rate(rps: float) -> str:
    return format_rps(rps)
