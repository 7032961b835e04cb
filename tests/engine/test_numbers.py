"""Figures in the advisor's sentences: a figure that is not zero never reads as zero."""

from __future__ import annotations

import re

import pytest

from advisor.engine import evaluate
from advisor.engine.numbers import format_message, format_rps, format_usd
from advisor.render.text import assessment_as_text
from tests.conftest import load_workload, preset_answers


@pytest.mark.parametrize(
    "value, text",
    [(0, "$0"), (0.21, "$0.21"), (0.004, "$0.004"), (4.5, "$4.50"), (1234.4, "$1,234")],
)
def test_dollars_read_whole_from_ten_and_to_the_cent_below(value, text):
    # when / then
    assert format_usd(value) == text


@pytest.mark.parametrize(
    "value, text", [(0.0011, "0.0011"), (0.05, "0.05"), (18.84, "18.8"), (1999.6, "2,000")]
)
def test_request_rates_keep_the_digits_that_matter(value, text):
    # when / then
    assert format_rps(value) == text


@pytest.mark.parametrize(
    "template, value, text",
    [
        ("${usd:,.0f} a month", 0.21, "$0.21 a month"),
        ("${usd:,.0f} a month", 1234.4, "$1,234 a month"),
        ("an average of {usd:,.1f}", 0.001, "an average of 0.001"),
        ("an average of {usd:,.1f}", 0.0, "an average of 0.0"),
        ("{usd:.0%} of the budget", 0.0004, "0.04% of the budget"),
        ("{usd:.0%} of the budget", 0.26, "26% of the budget"),
        ("{usd:,.0f} ms", float("inf"), "inf ms"),
        ("{usd:usd} a month", 2.5, "$2.50 a month"),
        ("{usd:usd} a month", 0, "$0 a month"),
        ("{usd:usd} a month", 15_086.02, "$15,086 a month"),
        ("an average of {usd:rps} req/s", 0.05, "an average of 0.05 req/s"),
        ("an average of {usd:rps} req/s", 1999.6, "an average of 2,000 req/s"),
    ],
)
def test_messages_widen_only_figures_that_would_read_as_zero_and_write_dollars_alike(
    template, value, text
):
    # when / then
    assert format_message(template, {"usd": value}) == text


def _workload(**changes):
    return load_workload(preset_answers("api-for-a-mobile-app") | changes)


def test_a_rare_webhook_reads_its_cents_not_zero_dollars():
    # given: a webhook called a few thousand times a month, inside the free tier
    workload = _workload(
        avg_rps=0.05,
        peak_rps=2,
        avg_duration_ms=200,
        monthly_budget_usd=20,
        include_free_tier=True,
        sensitive_data=False,
    )
    # when
    assessment = evaluate(workload)
    text = assessment_as_text(workload, assessment)
    # then
    assert assessment.costs.serverless.monthly_usd > 0
    assert "$0 a month" not in assessment.verdict.summary
    assert "$0 a month" not in text
    assert re.search(r"\$0\.\d+ a month", assessment.verdict.summary)


def test_a_rare_scheduled_job_reads_its_real_rates_and_a_large_rate_has_no_exponent():
    # given
    rare = _workload(avg_rps=0.001, peak_rps=0.01, triggers=["schedule"])
    busy = _workload(avg_rps=2000, peak_rps=2500, traffic_pattern="steady")
    # when
    rare_text = assessment_as_text(rare, evaluate(rare))
    busy_text = assessment_as_text(busy, evaluate(busy))
    # then
    assert "peaking at 0 req/s" not in rare_text
    assert "an average of 0.0:" not in rare_text
    assert "this workload: 0.001 req/s" in rare_text
    assert "e+" not in busy_text
    assert "this workload: 2,000 req/s" in busy_text
