"""The rule knowledge base: every file loads, is sourced, and only speaks of whitelisted facts."""

from __future__ import annotations

import textwrap

import pytest
import yaml

from advisor.engine.costs import compare_costs
from advisor.engine.knowledge import GUIDE_SECTIONS
from advisor.engine.loader import read_knowledge_dir
from advisor.engine.results import Effect, OffloadPart
from advisor.engine.rules import (
    FACTS,
    build_rulebook,
    derive_facts,
    fact_catalog,
    parse_rule_file,
    parse_rule_path,
    rulebook,
)
from advisor.errors import KnowledgeFileError

RULE_FILES = read_knowledge_dir("rules")
RULES = rulebook().rules
GUIDE_SOURCE = {
    "title": "Guide: The Serverless Paradigm and Business Evaluation",
    "section": "The Serverless Paradigm and Business Evaluation",
    "retrieved": "2026-11-27",
}
_PYTHON_TYPES = {"number": float, "flag": bool, "text": str, "list": tuple}


def _rule(**changes) -> dict:
    """A valid rule as a YAML-ready dict, with some keys changed."""
    rule = {
        "id": "long_runs",
        "category": "fit",
        "when": "max_duration_min > 15",
        "effect": "blocker",
        "weight": 0,
        "offload": "long_running_jobs",
        "message": "The longest run takes {max_duration_min:.0f} min.",
        "sources": [GUIDE_SOURCE],
    }
    rule.update(changes)
    return {key: value for key, value in rule.items() if value is not None}


def _write_rules(tmp_path, *rules: dict, version: str = "1") -> object:
    path = tmp_path / "rules.yaml"
    path.write_text(yaml.safe_dump({"version": version, "rules": list(rules)}), encoding="utf-8")
    return path


@pytest.mark.parametrize("path,data", RULE_FILES, ids=[path for path, _ in RULE_FILES])
def test_it_loads_every_rule_file(path, data):
    # when
    version, rules = parse_rule_file(data, where=path)

    # then
    assert version == rulebook().version
    assert rules


def test_it_splits_the_rules_by_theme_into_several_files():
    # given / when
    names = {path.rsplit("/", 1)[-1] for path, _ in RULE_FILES}

    # then
    assert len(names) >= 8


def test_it_gives_every_rule_a_unique_id():
    # given / when
    ids = [rule.id for rule in RULES]

    # then
    assert len(ids) == len(set(ids))
    assert 35 <= len(ids) <= 100


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.id)
def test_it_cites_the_guide_and_a_web_page_for_every_rule(rule):
    # then
    assert any(source.section in GUIDE_SECTIONS for source in rule.sources)
    assert any(source.url.startswith("https://") for source in rule.sources)
    assert all(source.retrieved for source in rule.sources)


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.id)
def test_every_condition_reads_only_whitelisted_facts(rule):
    # then
    assert rule.symbols <= FACTS.keys()


def test_it_covers_every_section_of_the_guide():
    # given / when
    cited = {source.section for rule in RULES for source in rule.sources if source.section}

    # then
    assert cited == set(GUIDE_SECTIONS)


def test_it_has_a_blocker_for_every_part_a_hybrid_design_can_offload():
    # given / when
    offloads = {rule.offload for rule in RULES if rule.effect == Effect.BLOCKER}

    # then
    assert set(OffloadPart) <= offloads


def test_it_gives_advice_no_weight_and_reasons_a_weight():
    # then
    for rule in RULES:
        if rule.effect in (Effect.FOR, Effect.AGAINST):
            assert rule.weight > 0, rule.id
        else:
            assert rule.weight == 0, rule.id


def test_it_renders_every_message_with_a_real_workloads_facts(preset_workload):
    # given
    facts = derive_facts(preset_workload, compare_costs(preset_workload))

    # when
    messages = {rule.id: rule.render(facts) for rule in RULES}

    # then
    assert all("{" not in message for message in messages.values())


def test_it_derives_a_value_of_the_declared_type_for_every_fact(preset_workload):
    # given / when
    facts = derive_facts(preset_workload, compare_costs(preset_workload))

    # then
    assert facts.keys() == FACTS.keys()
    for name, spec in FACTS.items():
        assert isinstance(facts[name], _PYTHON_TYPES[spec.kind]), name


def test_it_exports_the_whitelist_with_a_description_for_every_fact():
    # when
    catalog = fact_catalog()

    # then
    assert catalog.keys() == FACTS.keys()
    assert all(len(description) > 10 for description in catalog.values())


def test_it_parses_a_valid_rule_file_from_disk(tmp_path):
    # given
    path = _write_rules(tmp_path, _rule())

    # when
    version, rules = parse_rule_path(path)

    # then
    assert version == "1"
    assert [rule.id for rule in rules] == ["long_runs"]
    assert rules[0].fires({**dict.fromkeys(FACTS, 0), "max_duration_min": 16.0})


BAD_RULES = [
    ("unknown fact", {"when": "max_duraton_min > 15"}, "max_duraton_min"),
    ("number compared with text", {"when": 'max_duration_min == "long"'}, "compared with a text"),
    ("ordering a word", {"when": "runtime > 3"}, "does not compile"),
    ("unknown enum word", {"when": 'runtime == "cobol"'}, "'cobol' is not a value of runtime"),
    ("unknown word in a list", {"when": '"ftp" in triggers'}, "'ftp' is not a value of triggers"),
    ("unknown placeholder", {"message": "It takes {minutes} min to run."}, "minutes"),
    ("bad format spec", {"message": "Run on {runtime:.0f} here."}, "does not format"),
    (
        "threshold on a fact the condition ignores",
        {"threshold": {"fact": "memory_mb", "op": ">", "value": 1, "about": "memory"}},
        "not read by the condition",
    ),
    (
        "threshold on a word",
        {"threshold": {"fact": "runtime", "op": ">", "value": 1, "about": "runtime"}},
        "not a numeric fact",
    ),
    ("advice with a weight", {"effect": "recommendation", "weight": 5, "offload": None}, "weight"),
    ("reason without a weight", {"effect": "against", "weight": 0, "offload": None}, "weight"),
    ("offload on a reason", {"effect": "against", "weight": 5}, "offload"),
    ("unknown category", {"category": "vibes"}, "category"),
    ("unknown key", {"severity": "high"}, "severity"),
    (
        "no guide section",
        {
            "sources": [
                {"title": "Lambda quotas", "url": "https://a.example/", "retrieved": "2026-11-27"}
            ]
        },
        "guide section",
    ),
]


@pytest.mark.parametrize(
    "changes,expected", [(c, e) for _, c, e in BAD_RULES], ids=[n for n, _, _ in BAD_RULES]
)
def test_it_rejects_a_bad_rule_naming_the_file_and_the_rule(tmp_path, changes, expected):
    # given
    path = _write_rules(tmp_path, _rule(), _rule(id="bad_rule", **changes))

    # when
    with pytest.raises(KnowledgeFileError) as error:
        parse_rule_path(path)

    # then
    message = str(error.value)
    assert str(path) in message
    assert "bad_rule" in message
    assert expected in message


def test_it_rejects_the_same_id_in_two_files():
    # given
    rule = _rule()
    files = (
        ("rules/a.yaml", {"version": "1", "rules": [rule]}),
        ("rules/b.yaml", {"version": "1", "rules": [rule]}),
    )

    # when
    with pytest.raises(KnowledgeFileError) as error:
        build_rulebook(files)

    # then
    assert "rules/b.yaml" in str(error.value)
    assert "rules/a.yaml" in str(error.value)
    assert "long_runs" in str(error.value)


def test_it_rejects_files_that_disagree_on_the_version():
    # given
    files = (
        ("rules/a.yaml", {"version": "1", "rules": [_rule()]}),
        ("rules/b.yaml", {"version": "2", "rules": [_rule(id="other")]}),
    )

    # when / then
    with pytest.raises(KnowledgeFileError, match="version"):
        build_rulebook(files)


def test_it_reads_yaml_anchors_shared_between_rules(tmp_path):
    # given: the rule files reuse one source through a YAML anchor
    path = tmp_path / "rules.yaml"
    path.write_text(
        textwrap.dedent(
            """
            version: "1"
            rules:
              - id: first
                category: fit
                when: gpu_required
                effect: blocker
                weight: 0
                offload: gpu_work
                message: Needs a GPU, which Lambda lacks.
                sources:
                  - &guide
                    title: Guide
                    section: Cost Optimization and Performance Tuning
                    retrieved: 2026-11-27
              - id: second
                category: cost
                when: "true"
                effect: recommendation
                weight: 0
                message: Tag every resource for cost allocation.
                sources: [*guide]
            """
        ),
        encoding="utf-8",
    )

    # when
    _, rules = parse_rule_path(path)

    # then
    assert rules[0].sources == rules[1].sources
