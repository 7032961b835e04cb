"""The words a person reads: the live panel's reasons, the summary, and small slips."""

from __future__ import annotations

from advisor.engine import evaluate
from advisor.render.result import top_reasons
from tests.conftest import load_workload, preset_answers
from tests.factories import as_post, make_assessment, make_user

# Its published messages go through a Kinesis stream (about $1,340 a month in all, where
# containers cost about $800): a budget between the two.
OVER_BUDGET = preset_answers("real-time-chat") | {
    "avg_rps": 150,
    "peak_rps": 800,
    "p95_latency_ms": 800,
    "avg_duration_ms": 20,
    "monthly_budget_usd": 1200,
}


def test_the_live_panels_three_reasons_never_hide_that_the_design_is_over_budget():
    # given: a chat whose serverless estimate goes over its budget
    result = evaluate(load_workload(OVER_BUDGET))
    assert any(hit.rule.startswith("over_budget") for hit in result.verdict.reasons)

    # when
    shown = top_reasons(result)

    # then
    assert len(shown) == 3
    assert any(hit.rule.startswith("over_budget") for hit in shown)
    assert len({hit.message for hit in shown}) == len(shown)


def test_the_live_panel_shows_the_over_budget_reason(client, db):
    # given / when
    page = client.post("/assess/", as_post(OVER_BUDGET), HTTP_HX_REQUEST="true").content.decode()

    # then
    top = page.split("Top reasons")[1].split("</ul>")[0]
    assert "budget" in top


def test_the_summary_does_not_call_a_dearer_design_a_fit_without_saying_so():
    # given / when
    summary = evaluate(load_workload(OVER_BUDGET)).verdict.summary

    # then
    assert "fits, narrowly" not in summary
    assert summary.startswith("Serverless would work, but it is not the cheaper choice here")


def test_the_recommendations_read_as_sentences_with_the_right_article_and_numbers():
    # given / when: an 800 ms target and a peak needing 100 runs at once
    hits = evaluate(load_workload(OVER_BUDGET)).verdict.recommendations
    said = " ".join(hit.message for hit in hits)

    # then
    assert "With a 800" not in said and "For a target of 800 ms" in said
    assert ".0 the peak needs" not in said and "runs at once that the peak needs" in said


def test_the_delete_page_says_its_one_revision_not_all_1_of_its_revisions(client, db):
    # given
    owner = make_user()
    assessment = make_assessment(owner)
    client.force_login(owner)

    # when
    page = client.get(f"/assessments/{assessment.pk}/delete/").content.decode()

    # then
    assert "its one revision" in page and "all 1 of" not in page
