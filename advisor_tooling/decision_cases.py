"""The decision benchmark: workloads with the verdict a senior AWS architect would sign.

Each case under knowledge/decision_cases/ is questionnaire answers, the expected verdict, the
verdicts architects could honestly also sign (`acceptable`), the argument in a few sentences
and its sources: published decisions that teams wrote up, and cases reasoned out from the
guide and AWS's limits and prices. The expected verdict is an architect's, not the engine's:
the benchmark measures the engine against it (`make bench`: `decision_cases_exact`,
`decision_cases_acceptable`, `decision_cases_total`).

Loading and checking the files needs no Django; `run_decision_cases` validates every
workload through the one questionnaire form, as every entry point does, then asks the engine.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import Field, model_validator

from advisor.engine.knowledge import SourceModel, StrictModel, parse_knowledge
from advisor.engine.loader import read_knowledge_dir
from advisor.errors import AdvisorError, KnowledgeFileError

CASES_DIR = "decision_cases"
Verdict = Literal["fits", "hybrid", "does_not_fit"]
VERDICTS: tuple[str, ...] = ("fits", "hybrid", "does_not_fit")
# A sentence ends at ., ! or ? followed by a space or the end ("$1.00" and "1.5 s" do not).
_SENTENCE_END = re.compile(r"[.!?](?=\s|$)")
MIN_SENTENCES, MAX_SENTENCES = 2, 6


class DecisionCase(StrictModel):
    id: str = Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=80)
    title: str = Field(min_length=3, max_length=160)
    origin: Literal["published", "reasoned"]
    workload: dict[str, Any]  # questionnaire answers, exactly as the form takes them
    expected: Verdict
    acceptable: tuple[Verdict, ...] = Field(min_length=1, max_length=2)
    argument: str = Field(min_length=80)
    sources: tuple[SourceModel, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _is_complete(self) -> DecisionCase:
        if not isinstance(self.workload.get("name"), str) or not self.workload["name"].strip():
            raise ValueError("the workload needs a name")
        if self.expected not in self.acceptable:
            raise ValueError(f"acceptable {list(self.acceptable)} must include {self.expected!r}")
        if len(set(self.acceptable)) != len(self.acceptable):
            raise ValueError("acceptable lists a verdict twice")
        sentences = len(_SENTENCE_END.findall(self.argument.strip()))
        if not MIN_SENTENCES <= sentences <= MAX_SENTENCES:
            raise ValueError(
                f"the argument has {sentences} sentences; write {MIN_SENTENCES} to {MAX_SENTENCES}"
            )
        if not any(source.url is not None for source in self.sources):
            raise ValueError("cite at least one page (url): the decision or the AWS limit/price")
        if self.origin == "reasoned" and not any(source.section for source in self.sources):
            raise ValueError("a reasoned case cites the guide section(s) it leans on")
        return self


class DecisionCaseFile(StrictModel):
    theme: str = Field(min_length=3)
    # Sources several cases cite, written once as YAML anchors (checked like any source).
    shared_sources: tuple[SourceModel, ...] = ()
    cases: tuple[dict[str, Any], ...] = Field(min_length=1)  # each parsed on its own, by id


def parse_case_file(data: Any, *, where: str) -> tuple[DecisionCase, ...]:
    """One theme file; an error names the file and the case id."""
    document = parse_knowledge(DecisionCaseFile, data, where=where)
    return tuple(
        parse_knowledge(DecisionCase, case, where=f"{where}: case {case.get('id', index)!r}")
        for index, case in enumerate(document.cases)
    )


def parse_case_files(files: Iterable[tuple[str, Any]]) -> tuple[DecisionCase, ...]:
    cases = tuple(case for path, data in files for case in parse_case_file(data, where=path))
    repeated = sorted(case_id for case_id, n in Counter(c.id for c in cases).items() if n > 1)
    if repeated:
        raise KnowledgeFileError(f"knowledge/{CASES_DIR}: case ids used twice: {repeated}")
    return cases


@functools.cache
def decision_cases() -> tuple[DecisionCase, ...]:
    """Every case of knowledge/decision_cases/*.yaml, in file order (read once per process)."""
    return parse_case_files(read_knowledge_dir(CASES_DIR))


# --- running the benchmark ---------------------------------------------------------------


@dataclass(frozen=True)
class CaseResult:
    id: str
    origin: str
    expected: str
    acceptable: tuple[str, ...]
    got: str  # the engine's verdict today
    score: int

    @property
    def exact(self) -> bool:
        return self.got == self.expected

    @property
    def ok(self) -> bool:
        return self.got in self.acceptable


@dataclass(frozen=True)
class BenchmarkReport:
    results: tuple[CaseResult, ...]

    @property
    def total(self) -> int:
        return len(self.results)

    @property
    def exact(self) -> int:
        return sum(result.exact for result in self.results)

    @property
    def acceptable(self) -> int:
        return sum(result.ok for result in self.results)

    def figures(self) -> dict[str, float]:
        """The keys `make bench` adds to its JSON line (counts of cases)."""
        return {
            "decision_cases_exact": self.exact,
            "decision_cases_acceptable": self.acceptable,
            "decision_cases_total": self.total,
        }


def evaluate_case(case: DecisionCase) -> CaseResult:
    # Imported here: the form is Django's, and loading the cases must not need Django.
    from advisor.engine import evaluate
    from advisor.questionnaire import workload_from_answers

    try:
        workload = workload_from_answers(case.workload)
    except AdvisorError as exc:
        raise KnowledgeFileError(f"knowledge/{CASES_DIR}: case {case.id!r}: {exc}") from exc
    verdict = evaluate(workload).verdict
    return CaseResult(
        id=case.id,
        origin=case.origin,
        expected=case.expected,
        acceptable=case.acceptable,
        got=verdict.fit.value,
        score=verdict.score,
    )


def run_decision_cases(cases: Sequence[DecisionCase] | None = None) -> BenchmarkReport:
    """Ask the engine about every case (all of knowledge/decision_cases/ by default)."""
    chosen = decision_cases() if cases is None else cases
    return BenchmarkReport(results=tuple(evaluate_case(case) for case in chosen))


def report_table(report: BenchmarkReport) -> str:
    """The per-case table for a person iterating on the engine: id, expected, got, ok."""
    width = max((len(result.id) for result in report.results), default=2)
    header = (
        f"{'id':<{width}}  {'origin':<9}  {'expected':<12}  {'acceptable':<20}  got (score)  ok"
    )
    lines = [header, "-" * (len(header) + 16)]
    for result in report.results:
        mark = "ok" if result.exact else ("ok (acceptable)" if result.ok else "MISS")
        lines.append(
            f"{result.id:<{width}}  {result.origin:<9}  {result.expected:<12}  "
            f"{','.join(result.acceptable):<20}  {result.got} ({result.score})  {mark}"
        )
    lines.append(
        f"exact {report.exact}/{report.total}, acceptable {report.acceptable}/{report.total}"
    )
    return "\n".join(lines)
