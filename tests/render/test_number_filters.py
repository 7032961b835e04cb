"""The pages' fast number filters write what Django's `floatformat` (and `intcomma`) would."""

from __future__ import annotations

import pytest
from django.contrib.humanize.templatetags.humanize import intcomma
from django.template.defaultfilters import floatformat
from hypothesis import given
from hypothesis import strategies as st

from advisor.templatetags.advisor_format import decimals, grouped

PLACES = (2, -3, -6, 0, -1)
numbers = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True),
    st.floats(min_value=-1e7, max_value=1e7),
    st.integers(min_value=-(10**12), max_value=10**12),
    st.decimals(places=4, min_value=-10000, max_value=10000).map(float),
)


@given(numbers, st.sampled_from(PLACES))
def test_decimals_is_floatformat(value, places):
    assert decimals(value, places) == floatformat(value, places)


@given(numbers, st.sampled_from(PLACES))
def test_grouped_is_floatformat_then_intcomma(value, places):
    assert grouped(value, places) == intcomma(floatformat(value, places))


@pytest.mark.parametrize(
    ("value", "places", "shown"),
    [
        (1234.5, 2, "1,234.50"),
        (0.125, 2, "0.13"),
        (-0.001, 2, "0.00"),
        (3.0, "-3", "3"),
        (1234567.891, "-3", "1,234,567.891"),
        (0.0000166667, "-6", "0.000017"),
    ],
)
def test_figures_read_as_on_the_pages(value, places, shown):
    assert grouped(value, places) == shown
