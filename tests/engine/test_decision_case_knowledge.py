"""The decision benchmark's knowledge (knowledge/decision_cases/): every file loads into the
strict models, every workload passes the questionnaire form, every case is argued and sourced."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from advisor.engine.loader import read_knowledge_dir
from advisor.errors import KnowledgeFileError
from advisor.questionnaire import workload_from_answers
from advisor_tooling.decision_cases import (
    VERDICTS,
    decision_cases,
    parse_case_file,
    parse_case_files,
)

ROOT = Path(__file__).resolve().parents[2]
CASE_FILES = read_knowledge_dir("decision_cases")
CASES = decision_cases()
GUIDE = {
    "title": "Guide: The Serverless Paradigm and Business Evaluation",
    "section": "The Serverless Paradigm and Business Evaluation",
    "retrieved": "2026-11-30",
}
PAGE = {
    "title": "AWS Lambda pricing",
    "url": "https://aws.amazon.com/lambda/pricing/",
    "retrieved": "2026-11-30",
}


def _case(**changes) -> dict:
    """A valid reasoned case as a YAML-ready dict, with some keys changed (None drops one)."""
    case = {
        "id": "webhook-receiver",
        "title": "A webhook receiver",
        "origin": "reasoned",
        "workload": {"name": "Webhooks", "avg_rps": 0.5, "avg_duration_ms": 80},
        "expected": "fits",
        "acceptable": ["fits"],
        "argument": (
            "Webhooks arrive a few times a minute and each takes 80 ms, so the bill is cents. "
            "An architect would sign a fit. Assumed: 0.5 events a second."
        ),
        "sources": [GUIDE, PAGE],
    }
    case.update(changes)
    return {key: value for key, value in case.items() if value is not None}


def _file(*cases: dict) -> dict:
    return {"theme": "Test cases", "cases": list(cases)}


@pytest.mark.parametrize("path,data", CASE_FILES, ids=[path for path, _ in CASE_FILES])
def test_it_loads_every_case_file(path, data):
    # when
    cases = parse_case_file(data, where=path)

    # then
    assert cases


def test_it_groups_at_least_forty_cases_by_theme_with_a_dozen_published():
    # given / when
    published = [case for case in CASES if case.origin == "published"]

    # then
    assert len(CASES) >= 40
    assert len(published) >= 12
    assert len(CASE_FILES) >= 5


def test_it_expects_every_verdict_somewhere():
    # given / when
    expected = {case.expected for case in CASES}

    # then
    assert expected == set(VERDICTS)


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_every_case_workload_passes_the_questionnaire_form(case):
    # when
    workload = workload_from_answers(case.workload)

    # then
    assert workload.name == case.workload["name"]


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_every_case_names_its_assumed_figures(case):
    # then: figures a source does not give are named as assumptions in the argument
    assert "Assumed:" in case.argument


def test_a_published_case_cites_the_page_of_the_decision():
    # given
    published = [case for case in CASES if case.origin == "published"]

    # then: beyond AWS's own price and limit pages, each names where the decision was told
    for case in published:
        pages = [str(source.url) for source in case.sources if source.url is not None]
        assert any("/pricing" not in page for page in pages), case.id


def test_loading_the_cases_needs_no_django():
    # given: a fresh interpreter with no Django settings
    program = (
        "import sys\n"
        "from advisor_tooling.decision_cases import decision_cases\n"
        "assert len(decision_cases()) >= 40\n"
        "print(','.join(sorted(m for m in sys.modules if m.split('.')[0] == 'django')))\n"
    )

    # when
    done = subprocess.run(
        [sys.executable, "-c", program],
        cwd=ROOT,
        env={"PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=False,
    )

    # then
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == ""


@pytest.mark.parametrize(
    "changes,message",
    [
        ({"workload": {"avg_rps": 1, "avg_duration_ms": 10}}, "the workload needs a name"),
        ({"acceptable": ["hybrid"]}, "must include 'fits'"),
        ({"acceptable": ["fits", "fits"]}, "acceptable lists a verdict twice"),
        ({"expected": "maybe"}, "expected"),
        ({"argument": "A fit, because the work is tiny and bursty " * 2 + "at night."}, "has 1"),
        ({"id": "Webhook_Receiver"}, "id"),
        ({"sources": [PAGE]}, "cites the guide section"),
        ({"sources": [GUIDE]}, "cite at least one page"),
        ({"verdict": "fits"}, "verdict"),
    ],
    ids=[
        "no-name",
        "acceptable-without-expected",
        "acceptable-twice",
        "unknown-verdict",
        "one-sentence",
        "not-kebab-case",
        "reasoned-without-guide",
        "no-page",
        "unknown-key",
    ],
)
def test_it_rejects_a_malformed_case_naming_the_file_and_the_case(changes, message):
    # given
    data = yaml.safe_load(yaml.safe_dump(_file(_case(**changes)), sort_keys=False))

    # when / then
    with pytest.raises(KnowledgeFileError) as caught:
        parse_case_file(data, where="decision_cases/test.yaml")
    assert "decision_cases/test.yaml" in str(caught.value)
    assert message in str(caught.value)


def test_it_counts_sentences_without_being_fooled_by_prices():
    # given: decimals and dollar amounts end no sentence
    argument = (
        "Each million requests costs $1.00 on the API and $0.20 on Lambda, 1.5 s each. "
        "An architect would sign a fit."
    )

    # when
    (case,) = parse_case_file(_file(_case(argument=argument)), where="test.yaml")

    # then
    assert case.argument == argument


def test_it_rejects_a_case_id_used_twice_across_files():
    # given
    files = [("a.yaml", _file(_case())), ("b.yaml", _file(_case()))]

    # when / then
    with pytest.raises(KnowledgeFileError, match="webhook-receiver"):
        parse_case_files(files)


def test_shared_sources_are_checked_like_any_source():
    # given
    data = _file(_case()) | {"shared_sources": [{"title": "No place", "retrieved": "2026-11-30"}]}

    # when / then
    with pytest.raises(KnowledgeFileError, match="url or a guide section"):
        parse_case_file(data, where="test.yaml")
