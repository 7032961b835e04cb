"""`manage.py price`: one service's line items as JSON or a table; bad input exits with 2."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

ROOT = Path(__file__).resolve().parents[2]


def _price(*args: str) -> str:
    out = io.StringIO()
    call_command("price", *args, stdout=out)
    return out.getvalue()


def test_it_prints_the_lambda_example_as_json():
    # when
    payload = json.loads(
        _price(
            "lambda",
            "invocations_per_month=3000000",
            "duration_ms=120",
            "memory_mb=1536",
            "include_free_tier=true",
            "--format",
            "json",
        )
    )

    # then
    assert payload["service"] == "lambda"
    assert payload["region"] == "us-east-1"
    assert payload["monthly_usd"] == 2.73
    assert {"service", "item", "quantity", "unit", "unit_price_usd", "monthly_usd"} == set(
        payload["items"][0]
    )


def test_it_takes_the_region_option_and_options_after_the_pairs():
    # when
    virginia = json.loads(_price("api_gateway", "requests_per_month=10000000", "--format=json"))
    ireland = json.loads(
        _price(
            "api_gateway",
            "requests_per_month=10000000",
            "--format",
            "json",
            "--region",
            "eu-west-1",
        )
    )

    # then
    assert ireland["region"] == "eu-west-1"
    assert ireland["monthly_usd"] > virginia["monthly_usd"]


def test_it_prints_an_aligned_table_with_a_total():
    # when
    text = _price("fargate", "tasks=2", "hours=730", "architecture=arm64")

    # then
    lines = text.splitlines()
    assert lines[0] == "fargate in us-east-1 (USD)"
    assert lines[1].startswith("item")
    assert len({len(line) for line in lines[1:4]}) == 1  # header and rows share one width
    assert any(line.startswith("Total: $") for line in lines)
    assert "$0.03238" in text


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (("lambada",), "lambada"),
        (("lambda", "memroy_mb=512"), "memroy_mb"),
        (("lambda", "memory_mb=lots"), "memory_mb"),
        (("lambda", "memory_mb"), "memory_mb"),
        (("sqs", "--region", "mars-1"), "mars-1"),
    ],
)
def test_it_rejects_bad_input_with_status_2_naming_the_key(args, named):
    # when
    with pytest.raises(CommandError) as caught:
        _price(*args)

    # then
    assert caught.value.returncode == 2
    assert named in str(caught.value)


def test_a_bad_key_lists_the_services_keys():
    # when
    with pytest.raises(CommandError) as caught:
        _price("dynamodb", "rows=5")

    # then
    assert "reads_per_month" in str(caught.value)
    assert "storage_gb" in str(caught.value)


def _manage(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "manage.py", "price", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )


def test_bad_input_from_the_shell_is_one_message_on_stderr_and_no_traceback():
    # when
    done = _manage("lambda", "memory_mb=huge")

    # then
    assert done.returncode == 2
    assert "memory_mb" in done.stderr
    assert "Traceback" not in done.stderr
    assert done.stdout == ""


@pytest.mark.parametrize(
    ("args", "expected"),
    [(("--help",), "step_functions"), (("lambda", "--help"), "provisioned_concurrency")],
)
def test_help_lists_the_services_or_the_service_keys(args, expected):
    # when
    done = _manage(*args)

    # then
    assert done.returncode == 0
    assert expected in done.stdout
