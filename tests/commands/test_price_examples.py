"""`manage.py price --examples`: AWS's worked examples beside the engine's figures."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import CommandError, call_command

from advisor.engine.costs import price_service
from advisor.engine.costs.examples import cents, pricing_examples


def _price(*args: str) -> str:
    out = io.StringIO()
    call_command("price", *args, stdout=out)
    return out.getvalue()


def test_it_lists_every_example_as_json_with_the_engines_figure():
    # when
    payload = json.loads(_price("--examples", "--format", "json"))

    # then
    examples = payload["examples"]
    assert [e["id"] for e in examples] == [e.id for e in pricing_examples()]
    for entry in examples:
        assert {"id", "service", "source_url", "inputs", "aws_usd", "computed_usd"} <= set(entry)


def test_computed_usd_is_what_price_gives_for_the_same_inputs():
    # given
    entry = next(
        e
        for e in json.loads(_price("--examples", "--format", "json"))["examples"]
        if e["id"] == "lambda-mobile-backend"
    )
    inputs = {key: str(value).lower() for key, value in entry["inputs"].items()}

    # when
    estimate = price_service(entry["service"], inputs)

    # then
    assert entry["computed_usd"] == cents(estimate.monthly_usd) == 2.73


def test_the_text_table_names_the_examples_that_differ_and_why():
    # when
    text = _price("--examples")

    # then
    assert "lambda-snapstart-telemetry" in text
    assert "differs: The page's figures do not agree" in text
    assert text.rstrip().endswith("reproduced to the cent.")


@pytest.mark.parametrize("args", [("--examples", "lambda"), ()])
def test_examples_with_a_service_or_no_service_at_all_is_refused_with_status_2(args):
    with pytest.raises(CommandError) as caught:
        _price(*args)

    # then
    assert caught.value.returncode == 2
