"""The rule files: parsed into strict models, conditions compiled once against the fact whitelist.

A condition is `rule_engine` expression text (https://zerosteiner.github.io/rule-engine/syntax.html)
typed by a resolver built from `catalog.FACTS`; nothing is ever passed to `eval`. Load-time
checks, each failing with the file and the rule id: unknown fact, type mismatch, a word
that is not one of an enum fact's values, a message placeholder that is not a fact, a
threshold on a fact the condition does not read.
"""

from __future__ import annotations

import functools
import string
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import rule_engine
import rule_engine.ast as rule_ast
from pydantic import Field, model_validator

from advisor.engine.knowledge import GUIDE_SECTIONS, SourceModel, StrictModel, parse_knowledge
from advisor.engine.loader import read_knowledge_dir, read_knowledge_file
from advisor.engine.numbers import format_message
from advisor.engine.platform import platform_facts
from advisor.engine.results import Effect, OffloadPart, RuleHit, Source
from advisor.engine.rules import closures
from advisor.engine.rules.catalog import DESIGN_FACTS, FACTS, LATE_FACTS, FactSpec
from advisor.engine.rules.categories import rule_categories
from advisor.errors import KnowledgeFileError

Op = Literal[">", ">=", "<", "<="]

_DATA_TYPES = {
    "number": rule_engine.DataType.FLOAT,
    "flag": rule_engine.DataType.BOOLEAN,
    "text": rule_engine.DataType.STRING,
    "list": rule_engine.DataType.ARRAY(rule_engine.DataType.STRING),
}
_LITERAL_KINDS = {
    rule_ast.FloatExpression: "number",
    rule_ast.BooleanExpression: "flag",
    rule_ast.StringExpression: "text",
}
# Values used to try each message template at load time (a bad format spec fails there).
_SAMPLE_VALUES = {"number": 1.5, "flag": True, "text": "x", "list": ("http",)}


class ThresholdModel(StrictModel):
    """The numeric edge of a condition: it fires when `fact <op> value` (other terms held).

    `value` may name a platform limit (`platform_lambda_max_memory_mb`) instead of a number:
    the limit is written once, in knowledge/platform.
    """

    fact: str
    op: Op
    value: float = 0.0
    # An edge that depends on the workload (the multiple that decides grows smaller as the
    # gap grows): the edge is this fact's value, read when the threshold is checked.
    value_fact: str | None = None

    def edge(self, facts: Mapping[str, object]) -> float:
        if self.value_fact is None:
            return self.value
        return float(facts[self.value_fact])  # type: ignore[arg-type]

    @model_validator(mode="before")
    @classmethod
    def _platform_value(cls, data: Any) -> Any:
        if isinstance(data, dict) and isinstance(data.get("value"), str):
            facts = platform_facts()
            if data["value"] not in facts:
                raise ValueError(f"threshold value {data['value']!r} is not a platform limit")
            data = {**data, "value": facts[data["value"]]}
        return data

    about: str = Field(min_length=3)  # the measured thing, in words: "the longest run"
    unit: str = ""  # printed after numbers: " min", " ms", "x"
    note: str = ""  # what happens past the edge, in words: "long runs move to Fargate"


class BandModel(StrictModel):
    """Where the money puts the score: it starts at `base` and stays within floor..ceiling."""

    precedence: int = Field(ge=0)  # among bands that hold, the lowest number decides
    label: str = Field(min_length=3)  # the band in words: "serverless costs several times more"
    base: int = Field(ge=0, le=100)
    floor: int = Field(ge=0, le=100)
    ceiling: int = Field(ge=0, le=100)

    @model_validator(mode="after")
    def _ordered(self) -> BandModel:
        if not self.floor <= self.base <= self.ceiling:
            raise ValueError("a band needs floor <= base <= ceiling")
        return self


_SNAKE = r"^[a-z][a-z0-9]*(_[a-z0-9]+)*$"


class RuleModel(StrictModel):
    id: str = Field(pattern=_SNAKE)
    category: str = Field(pattern=_SNAKE)  # a key of knowledge/categories.yaml
    when: str = Field(min_length=1)
    effect: Effect
    weight: int = Field(ge=0, le=100)
    offload: OffloadPart | None = None
    # Reasons that state one fact (spiky, mostly idle, scheduled: "the load varies") share
    # a factor, and only the heaviest of them counts. Unset: the rule is its own factor.
    factor: str | None = Field(default=None, pattern=_SNAKE)
    band: BandModel | None = None
    message: str = Field(min_length=10)
    sources: tuple[SourceModel, ...] = Field(min_length=1)
    threshold: ThresholdModel | None = None

    @model_validator(mode="after")
    def _consistent(self) -> RuleModel:
        weighted = (Effect.FOR, Effect.AGAINST)
        if self.category not in rule_categories():
            raise ValueError(
                f"unknown category {self.category!r}; known (knowledge/categories.yaml): "
                f"{', '.join(rule_categories())}"
            )
        if self.effect not in weighted and self.weight != 0:
            raise ValueError(f"a {self.effect} carries weight 0 (it does not add to the score)")
        if self.effect in weighted and self.weight == 0:
            raise ValueError(f"a rule that counts {self.effect} serverless needs a weight > 0")
        if self.offload is not None and self.effect != Effect.BLOCKER:
            raise ValueError("only a blocker names an offload part")
        if (self.band is not None) != (self.effect == Effect.MONEY):
            raise ValueError("a money rule, and only a money rule, gives a band")
        if self.factor is not None and self.effect not in weighted:
            raise ValueError("only a rule that counts for or against names a factor")
        if not any(source.section in GUIDE_SECTIONS for source in self.sources):
            raise ValueError("cite the guide section the rule comes from (a source with section)")
        return self


class RuleFileModel(StrictModel):
    version: str = Field(min_length=1)
    rules: tuple[RuleModel, ...] = Field(min_length=1)


@dataclass(frozen=True, eq=False)  # identity equality: each rule is loaded once
class RuleSpec:
    """One compiled rule: evaluate with `fires(facts)`, explain with `hit(facts)`."""

    id: str
    category: str
    effect: Effect
    weight: int
    offload: OffloadPart | None
    when: str
    message: str
    sources: tuple[Source, ...]
    threshold: ThresholdModel | None
    file: str
    factor: str  # the fact it states: rules sharing one count once
    band: BandModel | None
    symbols: frozenset[str]  # facts the condition reads
    compiled: rule_engine.Rule = field(repr=False, compare=False)
    # The same condition as closures (closures.py); None keeps rule_engine's evaluation.
    predicate: Callable[[Mapping[str, object]], bool] | None = field(
        default=None, repr=False, compare=False
    )

    def fires(self, facts: Mapping[str, object]) -> bool:
        if self.predicate is not None:
            return self.predicate(facts)
        return bool(self.compiled.matches(facts))

    def render(self, facts: Mapping[str, object]) -> str:
        return format_message(self.message, facts)

    def hit(self, facts: Mapping[str, object]) -> RuleHit:
        return RuleHit(
            rule=self.id,
            effect=self.effect,
            weight=self.weight,
            category=self.category,
            message=self.render(facts),
            sources=self.sources,
            offload=self.offload,
        )


@dataclass(frozen=True)
class Rulebook:
    version: str
    rules: tuple[RuleSpec, ...]

    @functools.cached_property
    def weighing_by_fact(self) -> dict[str, tuple[RuleSpec, ...]]:
        """Rules that can move the verdict (not advice), by each fact their condition reads.

        Thresholds re-check only these: moving one fact cannot change any other rule.
        """
        index: dict[str, list[RuleSpec]] = {}
        for rule in self.rules:
            if rule.effect == Effect.RECOMMENDATION:
                continue
            for symbol in rule.symbols:
                index.setdefault(symbol, []).append(rule)
        return {name: tuple(rules) for name, rules in index.items()}

    @functools.cached_property
    def with_thresholds(self) -> tuple[tuple[RuleSpec, tuple[RuleSpec, ...]], ...]:
        """Each rule with a threshold whose fact some weighing rule reads, with those rules
        (in the book's order): the only candidates for "what would change the verdict"."""
        pairs = []
        for rule in self.rules:
            affected = self.weighing_by_fact.get(rule.threshold.fact, ()) if rule.threshold else ()
            if affected:
                pairs.append((rule, affected))
        return tuple(pairs)

    def offloading(self, facts: Mapping[str, object]) -> list[RuleSpec]:
        """The blockers that hold and move a part off Lambda."""
        return [rule for rule in self.rules if rule.offload is not None and rule.fires(facts)]

    @functools.cached_property
    def reading_design(self) -> tuple[RuleSpec, ...]:
        """Rules that can move the verdict and read what the offloads leave on Lambda."""
        return tuple(
            rule
            for rule in self.rules
            if rule.effect != Effect.RECOMMENDATION and rule.symbols & DESIGN_FACTS
        )


@functools.cache
def _context() -> rule_engine.Context:
    types = {name: _DATA_TYPES[spec.kind] for name, spec in FACTS.items()}
    return rule_engine.Context(type_resolver=rule_engine.type_resolver_from_dict(types))


def _nodes(node: object) -> Iterator[rule_ast.ExpressionBase]:
    """Every expression node under `node` (rule_engine's AST has no public walker)."""
    if isinstance(node, rule_ast.ExpressionBase):
        yield node
        children: Any = vars(node).values()
    elif isinstance(node, list | tuple):
        children = node
    else:
        return
    for child in children:
        if isinstance(child, rule_ast.ExpressionBase | list | tuple):
            yield from _nodes(child)


def _check_word(symbol: str, word: object) -> None:
    spec = FACTS[symbol]
    if spec.values and isinstance(word, str) and word not in spec.values:
        raise ValueError(f"{word!r} is not a value of {symbol}; known: {', '.join(spec.values)}")


def _check_comparison(node: rule_ast.ComparisonExpression) -> None:
    for symbol, other in ((node.left, node.right), (node.right, node.left)):
        if not isinstance(symbol, rule_ast.SymbolExpression):
            continue
        kind = _LITERAL_KINDS.get(type(other))
        if kind is not None and kind != FACTS[symbol.name].kind:
            raise ValueError(
                f"{symbol.name} is a {FACTS[symbol.name].kind}, compared with a {kind}"
            )
        if isinstance(other, rule_ast.StringExpression):
            _check_word(symbol.name, other.value)


def _check_contains(node: rule_ast.ContainsExpression) -> None:
    container, member = node.container, node.member
    if isinstance(container, rule_ast.SymbolExpression):
        if isinstance(member, rule_ast.StringExpression):
            _check_word(container.name, member.value)
    elif isinstance(container, rule_ast.ArrayExpression) and isinstance(
        member, rule_ast.SymbolExpression
    ):
        for item in container.value:
            if isinstance(item, rule_ast.StringExpression):
                _check_word(member.name, item.value)


def _compile(model: RuleModel) -> tuple[rule_engine.Rule, frozenset[str]]:
    try:
        compiled = rule_engine.Rule(model.when, context=_context())
    except rule_engine.errors.EngineError as exc:
        raise ValueError(f"condition {model.when!r} does not compile: {exc.message}") from exc
    symbols: set[str] = set()
    for node in _nodes(compiled.statement.expression):
        if isinstance(node, rule_ast.SymbolExpression):
            symbols.add(node.name)
        elif isinstance(node, rule_ast.ComparisonExpression):
            _check_comparison(node)
        elif isinstance(node, rule_ast.ContainsExpression):
            _check_contains(node)
    return compiled, frozenset(symbols)


def _check_message(message: str) -> None:
    names = [name for _, name, _, _ in string.Formatter().parse(message) if name is not None]
    unknown = [name for name in names if name not in FACTS]
    if unknown:
        raise ValueError(f"message placeholder(s) {unknown} are not facts")
    samples = {name: _SAMPLE_VALUES[spec.kind] for name, spec in FACTS.items()}
    try:
        format_message(message, samples)
    except (ValueError, TypeError) as exc:
        raise ValueError(f"message does not format: {exc}") from exc


def _check_threshold(threshold: ThresholdModel, symbols: frozenset[str]) -> None:
    for name in filter(None, (threshold.fact, threshold.value_fact)):
        spec: FactSpec | None = FACTS.get(name)
        if spec is None or spec.kind != "number":
            raise ValueError(f"threshold fact {name!r} is not a numeric fact")
    if threshold.fact not in symbols:
        raise ValueError(f"threshold fact {threshold.fact!r} is not read by the condition")


def _spec(model: RuleModel, *, where: str) -> RuleSpec:
    try:
        compiled, symbols = _compile(model)
        _check_message(model.message)
        if model.threshold is not None:
            _check_threshold(model.threshold, symbols)
    except ValueError as exc:
        raise KnowledgeFileError(f"{where}: rule {model.id}: {exc}") from exc
    return RuleSpec(
        id=model.id,
        category=model.category,
        effect=model.effect,
        weight=model.weight,
        offload=model.offload,
        when=model.when,
        message=model.message,
        sources=tuple(source.to_result() for source in model.sources),
        threshold=model.threshold,
        file=where,
        factor=model.factor or model.id,
        band=model.band,
        symbols=symbols,
        compiled=compiled,
        predicate=_predicate(compiled),
    )


def _predicate(compiled: rule_engine.Rule) -> Callable[[Mapping[str, object]], bool] | None:
    try:
        return closures.condition(compiled.statement.expression)
    except closures.Unsupported:
        return None


def _rule_id_of(data: Any, index: int) -> str:
    try:
        return str(data["rules"][index]["id"])
    except (KeyError, IndexError, TypeError):
        return f"#{index}"


def parse_rule_file(data: Any, *, where: str) -> tuple[str, tuple[RuleSpec, ...]]:
    """One rule file's data -> (version, compiled rules); errors name `where` and the rule id."""
    try:
        document = parse_knowledge(RuleFileModel, data, where=where)
    except KnowledgeFileError as exc:
        # pydantic's location reads "rules.3.when": name the rule by its id as well.
        message = str(exc)
        if isinstance(data, dict) and isinstance(data.get("rules"), list):
            for index in range(len(data["rules"])):
                message = message.replace(
                    f"rules.{index}.", f"rules.{index} (rule {_rule_id_of(data, index)})."
                )
        raise KnowledgeFileError(message) from exc
    return document.version, tuple(_spec(rule, where=where) for rule in document.rules)


def parse_rule_path(path: Path) -> tuple[str, tuple[RuleSpec, ...]]:
    """Parse one rule file on disk (used by tests and by anyone checking a new file)."""
    return parse_rule_file(read_knowledge_file(path), where=str(path))


def build_rulebook(files: tuple[tuple[str, Any], ...]) -> Rulebook:
    versions: set[str] = set()
    rules: dict[str, RuleSpec] = {}
    for where, data in files:
        version, specs = parse_rule_file(data, where=where)
        versions.add(version)
        for spec in specs:
            if spec.id in rules:
                raise KnowledgeFileError(
                    f"{where}: rule {spec.id}: id already used in {rules[spec.id].file}"
                )
            rules[spec.id] = spec
    if not rules:
        raise KnowledgeFileError("knowledge/rules holds no rules")
    if len(versions) > 1:
        raise KnowledgeFileError(f"knowledge/rules: files disagree on version: {sorted(versions)}")
    _check_book(tuple(rules.values()))
    return Rulebook(version=versions.pop(), rules=tuple(rules.values()))


def _check_book(rules: tuple[RuleSpec, ...]) -> None:
    """What only the whole book can show: offloads decided from the answers alone (they come
    before the costs), one direction per factor, one band per precedence."""
    signs: dict[str, tuple[Effect, str]] = {}
    precedences: dict[int, str] = {}
    for rule in rules:
        late = rule.symbols & LATE_FACTS
        if rule.offload is not None and late:
            raise KnowledgeFileError(
                f"{rule.file}: rule {rule.id}: an offload is decided before the costs, so its "
                f"condition cannot read {sorted(late)}"
            )
        if rule.effect in (Effect.FOR, Effect.AGAINST):
            effect, first = signs.setdefault(rule.factor, (rule.effect, rule.id))
            if effect != rule.effect:
                raise KnowledgeFileError(
                    f"{rule.file}: rule {rule.id}: factor {rule.factor!r} counts {effect} "
                    f"serverless in rule {first}; a factor counts one way"
                )
        if rule.band is not None:
            other = precedences.setdefault(rule.band.precedence, rule.id)
            if other != rule.id:
                raise KnowledgeFileError(
                    f"{rule.file}: rule {rule.id}: band precedence {rule.band.precedence} "
                    f"is taken by {other}"
                )


@functools.cache
def rulebook() -> Rulebook:
    """Every rule under knowledge/rules, compiled once per process."""
    return build_rulebook(read_knowledge_dir("rules"))
