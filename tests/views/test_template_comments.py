"""Django's {# #} comments end on their line; one that runs on is printed to the visitor."""

from __future__ import annotations

from pathlib import Path

import pytest

TEMPLATES = sorted((Path(__file__).resolve().parents[2] / "templates").rglob("*.html"))


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda path: path.name)
def test_no_template_comment_runs_past_its_line(path):
    # when
    unclosed = [
        number
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if line.count("{#") > line.count("#}")
    ]

    # then
    assert unclosed == [], f"{path}: {{# on line(s) {unclosed} without #}}; use {{% comment %}}"
