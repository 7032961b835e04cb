"""Hypothesis strategies for bad (and some good) questionnaire input.

Answers mix a valid preset with fields replaced by junk, removed, or added, so the
generated inputs reach every validation branch and, now and then, the engine itself.
"""

from __future__ import annotations

import math
from typing import Any

from hypothesis import strategies as st

from advisor.forms import WorkloadForm
from tests.conftest import PRESET_NAMES, preset_answers

FIELD_NAMES = tuple(WorkloadForm.base_fields)
PRESETS = tuple(preset_answers(name) for name in PRESET_NAMES)

HUGE = 1e308
# Past 10**308 an int no longer converts to float (OverflowError): a tester found that
# with 310 digits; JSON and YAML carry integers of any length.
BIG_INT = 10**400
DENORMAL = 5e-324  # the smallest float above zero

# Numbers that have broken parsers and the cost model before: huge, tiny, denormal,
# negative zero, non-finite, and integers too long for a float.
EDGE_NUMBERS = st.sampled_from(
    [0, -0.0, -1, HUGE, -HUGE, 1e-308, 1e-300, DENORMAL, 10**310, -(10**310), BIG_INT]
    + [math.inf, -math.inf, 1.5, 1e9 + 1]
)
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-BIG_INT, BIG_INT),
    st.floats(-HUGE, HUGE, allow_subnormal=True) | st.sampled_from([math.nan, math.inf]),
    EDGE_NUMBERS,
    st.text(max_size=40),
    st.sampled_from(["", " ", "true", "no", "1e999", "nan", "-inf", "0x10", "١٢", "\x00", "𝟙"]),
)


def nested(depth: int) -> Any:
    """A list inside a list... `depth` levels deep: [[[0]]] for 3."""
    value: Any = 0
    for _ in range(depth):
        value = [value]
    return value


# Far deeper than any questionnaire. Past ~950 levels the test's own json.dumps recurses
# too deep, so deeper input is sent as text (DEEP_TEXTS), as a client would.
DEEP_VALUES = st.integers(min_value=20, max_value=900).map(nested)
# Lists and objects nested a few levels, like a JSON body someone got wrong; now and then
# nested hundreds of levels deep.
JSON_VALUES = st.one_of(
    st.recursive(
        SCALARS,
        lambda inner: st.one_of(
            st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=10), inner, max_size=4)
        ),
        max_leaves=12,
    ),
    DEEP_VALUES,
)


def alias_bomb(levels: int, *, field: str = "traffic_pattern") -> str:
    """YAML of a few hundred bytes whose aliases expand to 9**levels strings, as the answer
    to `field` (a choice: validating it once turned the whole expansion into text)."""
    anchors = ["&l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    anchors += [f"&l{i} [{', '.join([f'*l{i - 1}'] * 9)}]" for i in range(1, levels)]
    return f"name: bomb\navg_rps: 1\navg_duration_ms: 100\n{field}: [{', '.join(anchors)}]\n"


ALIAS_BOMBS = st.builds(
    alias_bomb, st.integers(1, 9), field=st.sampled_from(["traffic_pattern", "name", "triggers"])
)
DEEP_TEXTS = st.integers(20, 3000).map(lambda depth: "[" * depth + "]" * depth)


# An average and a peak rate: near zero, denormal, huge, and far apart (a peak of 50 on an
# average of 1e-300 passed the form once and crashed the cost model).
AVERAGE_RATES = st.one_of(
    st.sampled_from([0.0, DENORMAL, 1e-308, 1e-300, 1e-12, 1e-7]),
    st.floats(0, 1e-3, allow_subnormal=True),
    st.floats(0, 1e9),
)
RATE_PAIRS = st.tuples(AVERAGE_RATES, st.one_of(st.floats(0, 1e9), EDGE_NUMBERS))


@st.composite
def answers(draw: st.DrawFn, values: st.SearchStrategy[Any] = JSON_VALUES) -> dict[str, Any]:
    """A preset with its two rates replaced as a pair; or some fields replaced by `values`
    or an edge number, some removed, and maybe unknown keys."""
    base = dict(draw(st.sampled_from(PRESETS)))
    if draw(st.integers(0, 3)) == 0:
        # Only the rates change, so the rest stays valid and the pair reaches the engine.
        base["avg_rps"], base["peak_rps"] = draw(RATE_PAIRS)
        return base
    for name in draw(st.lists(st.sampled_from(FIELD_NAMES), max_size=5, unique=True)):
        how = draw(st.sampled_from(["junk", "edge number", "remove"]))
        if how == "remove":
            base.pop(name, None)
        else:
            base[name] = draw(values if how == "junk" else EDGE_NUMBERS)
    if draw(st.integers(0, 9)) == 0:
        base[draw(st.text(min_size=1, max_size=12))] = draw(values)
    return base


def as_form_text(value: Any) -> str:
    """What a browser could send for a value: always text."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return value if isinstance(value, str) else str(value)


def as_form_pairs(answers: dict[str, Any]) -> list[tuple[str, str]]:
    """Answers as a browser posts them: (key, value) pairs, a list as repeated keys."""
    pairs: list[tuple[str, str]] = []
    for name, value in answers.items():
        if name == "assumptions":
            continue
        if isinstance(value, list):
            pairs += [(name, as_form_text(item)) for item in value]
        else:
            pairs.append((name, as_form_text(value)))
    return pairs


# Every preset with only its rates replaced: each pair reaches the engine unless the form
# refuses it, so a combination the cost model cannot take is found in a few hundred tries.
RATE_ANSWERS = st.builds(
    lambda preset, rates: {**preset, "avg_rps": rates[0], "peak_rps": rates[1]},
    st.sampled_from(PRESETS),
    RATE_PAIRS,
)


@st.composite
def form_posts(draw: st.DrawFn) -> list[tuple[str, str]]:
    """A questionnaire POST as (key, value) pairs: repeated triggers, assumptions.<name>
    keys, and text anywhere a number belongs."""
    pairs = as_form_pairs(draw(answers(SCALARS)))
    for _ in range(draw(st.integers(0, 2))):
        key = "assumptions." + draw(
            st.one_of(st.sampled_from(["sqs_batch_size", "min_tasks"]), st.text(max_size=8))
        )
        pairs.append((key, as_form_text(draw(SCALARS))))
    return pairs
