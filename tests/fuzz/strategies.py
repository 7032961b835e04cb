"""Hypothesis strategies for bad (and some good) questionnaire input.

Answers mix a valid preset with fields replaced by junk, removed, or added, so the
generated inputs reach every validation branch and, now and then, the engine itself.
"""

from __future__ import annotations

import math
from typing import Any

from hypothesis import strategies as st

from advisor import forms
from advisor.forms import WorkloadForm
from tests.conftest import PRESET_NAMES, preset_answers

FIELD_NAMES = tuple(WorkloadForm.base_fields)
PRESETS = tuple(preset_answers(name) for name in PRESET_NAMES)

# Fuzzing found that numbers near 1e308 overflow the cost arithmetic (a 500); the fix is a
# ceiling in the form (forms.MAX_ANSWER). Until it is there, finite numbers stay below 1e9
# so the known bug does not hide new ones; test_found_inputs.py keeps the known ones.
FORM_HAS_CEILING = hasattr(forms, "MAX_ANSWER")
HUGE = 1e308 if FORM_HAS_CEILING else 1e9
BIG_INT = 10**40 if FORM_HAS_CEILING else 10**9

# Numbers that have broken parsers before: huge, tiny, negative zero, non-finite.
EDGE_NUMBERS = st.sampled_from(
    [0, -0.0, -1, HUGE, -HUGE, 1e-308, BIG_INT, -BIG_INT, math.inf, -math.inf, 1.5, 1e9 + 1]
)
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-BIG_INT, BIG_INT),
    st.floats(-HUGE, HUGE) | st.sampled_from([math.nan, math.inf, -math.inf]),
    EDGE_NUMBERS,
    st.text(max_size=40),
    st.sampled_from(["", " ", "true", "no", "1e999", "nan", "-inf", "0x10", "١٢", "\x00", "𝟙"]),
)
# Lists and objects nested a few levels, like a JSON body someone got wrong.
JSON_VALUES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=10), inner, max_size=4)
    ),
    max_leaves=12,
)


@st.composite
def answers(draw: st.DrawFn, values: st.SearchStrategy[Any] = JSON_VALUES) -> dict[str, Any]:
    """A preset with some fields replaced by `values`, some removed, and maybe unknown keys."""
    base = dict(draw(st.sampled_from(PRESETS)))
    for name in draw(st.lists(st.sampled_from(FIELD_NAMES), max_size=5, unique=True)):
        if draw(st.booleans()):
            base[name] = draw(values)
        else:
            base.pop(name, None)
    if draw(st.integers(0, 9)) == 0:
        base[draw(st.text(min_size=1, max_size=12))] = draw(values)
    return base


def as_form_text(value: Any) -> str:
    """What a browser could send for a value: always text."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return value if isinstance(value, str) else str(value)


@st.composite
def form_posts(draw: st.DrawFn) -> list[tuple[str, str]]:
    """A questionnaire POST as (key, value) pairs: repeated triggers, assumptions.<name>
    keys, and text anywhere a number belongs."""
    pairs: list[tuple[str, str]] = []
    for name, value in draw(answers(SCALARS)).items():
        if name == "assumptions":
            continue
        if isinstance(value, list):
            pairs += [(name, as_form_text(item)) for item in value]
        else:
            pairs.append((name, as_form_text(value)))
    for _ in range(draw(st.integers(0, 2))):
        key = "assumptions." + draw(
            st.one_of(st.sampled_from(["sqs_batch_size", "min_tasks"]), st.text(max_size=8))
        )
        pairs.append((key, as_form_text(draw(SCALARS))))
    return pairs
