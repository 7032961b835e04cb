"""The rules engine: rule files (knowledge/rules/*.yaml) over typed facts -> a Verdict.

derive_facts(workload, costs) -> dict      every whitelisted fact, for one workload
fact_catalog()                -> dict      fact -> description (the whitelist)
rulebook()                    -> Rulebook  compiled rules, cached
evaluate_rules(workload, costs) -> Verdict
"""

from __future__ import annotations

from advisor.engine.rules.book import (
    Rulebook,
    RuleSpec,
    build_rulebook,
    parse_rule_file,
    parse_rule_path,
    rulebook,
)
from advisor.engine.rules.catalog import FACTS, derive_facts, design_facts, fact_catalog
from advisor.engine.rules.verdict import (
    decision_facts,
    evaluate_rules,
    offloads_for,
    score_of,
)

__all__ = [
    "FACTS",
    "RuleSpec",
    "Rulebook",
    "build_rulebook",
    "decision_facts",
    "derive_facts",
    "design_facts",
    "evaluate_rules",
    "fact_catalog",
    "offloads_for",
    "parse_rule_file",
    "parse_rule_path",
    "rulebook",
    "score_of",
]
