"""`advise` and `price` with generated files and key=value arguments, run in-process:
an answer, or a CommandError with exit status 2 and a message — never a traceback.
A few cases run as real processes to check what a shell sees."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tempfile
from io import StringIO
from pathlib import Path

import pytest
import yaml
from django.core.management import CommandError, call_command
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from advisor.engine.costs import priceable_services, service_parameters
from tests.conftest import examples
from tests.fuzz.strategies import ALIAS_BOMBS, DEEP_TEXTS, EDGE_NUMBERS, SCALARS, answers

ROOT = Path(__file__).resolve().parents[2]
BAD_INPUT = 2
# Counts relative to the Hypothesis profile (tests/conftest.py): 400, 300, 200 and 800 under
# CI=true.
FUZZ = settings(
    max_examples=examples(4),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
SERVICES = tuple(priceable_services())
# Fuzzing found `price nosuch =x` crashing (a malformed pair, then the unknown service's keys
# looked up for the message). Set True once price.py names the unknown service first.
PRICE_NAMES_AN_UNKNOWN_SERVICE_FIRST = True


def _run(*args: str) -> str:
    """Run a command in-process: its output, or the message of a bad-input refusal."""
    out = StringIO()
    try:
        call_command(*args, stdout=out, stderr=StringIO())
    except CommandError as exc:
        # argparse's usage errors: in-process Django raises them with status 1; a shell
        # gets argparse's own exit status 2 (checked by the subprocess test below).
        usage_error = str(exc).startswith("Error: ")
        event("usage error" if usage_error else "refused")
        assert exc.returncode == BAD_INPUT or usage_error, f"exit {exc.returncode}: {exc}"
        assert str(exc).strip()
        return str(exc)
    event("answered")
    return out.getvalue()


def _write(text: str, suffix: str) -> Path:
    # hypothesis runs many examples per test: one file each, not pytest's tmp_path.
    with tempfile.NamedTemporaryFile("w", suffix=suffix, delete=False, encoding="utf-8") as f:
        f.write(text)
    return Path(f.name)


def _yaml_or_json(body, as_json: bool) -> str:
    if as_json:
        return json.dumps(body, allow_nan=True)
    try:
        return yaml.safe_dump(body, allow_unicode=True)
    except RecursionError:  # PyYAML's writer recurses; JSON, which YAML reads too, does not
        return json.dumps(body)


@FUZZ
@given(body=answers(), as_json=st.booleans())
def test_advise_answers_any_questionnaire_file_or_refuses_it_with_status_2(body, as_json):
    # given
    path = _write(_yaml_or_json(body, as_json), ".json" if as_json else ".yaml")

    # when
    try:
        output = _run("advise", str(path), "--format", "json")
    finally:
        path.unlink()

    # then
    assert "Traceback" not in output
    if not output.startswith("The questionnaire") and "{" in output[:1]:
        assert {"workload", "verdict"} <= set(json.loads(output))


@settings(FUZZ, max_examples=examples(3))
@given(
    text=st.one_of(
        st.text(max_size=300),
        ALIAS_BOMBS,
        DEEP_TEXTS,
        st.sampled_from(
            [
                "",
                "---",
                "- a\n- b",
                "a: [",
                "!!python/object:os.system ls",
                "&a [*a]",
                "name: *x",
                "? [a]: b",
                "{",
                "name: x\navg_rps: .nan",
                "\ufeffname: x",
                "avg_rps: 1e999",
                "triggers: {a: b}",
                "assumptions: [1, 2]",
                "%YAML 9.9\n---",
            ]
        ),
    ),
    suffix=st.sampled_from([".yaml", ".json", ".txt"]),
)
def test_advise_refuses_any_text_file_that_is_not_a_questionnaire(text, suffix):
    # given
    path = _write(text, suffix)

    # when
    try:
        output = _run("advise", str(path))
    finally:
        path.unlink()

    # then
    assert "Traceback" not in output


@settings(FUZZ, max_examples=examples(2))
@given(
    assume=st.lists(
        st.tuples(
            st.sampled_from(["min_tasks", "sqs_batch_size", "nope", "", "="]),
            st.one_of(SCALARS.map(str), EDGE_NUMBERS.map(str)),
        ).map("=".join),
        max_size=3,
    )
)
def test_advise_refuses_bad_assume_overrides_with_status_2(assume):
    # given
    args = [arg for pair in assume for arg in ("--assume", pair)]

    # when
    output = _run("advise", str(ROOT / "knowledge/presets/real-time-chat.yaml"), *args)

    # then
    assert "Traceback" not in output


@pytest.mark.parametrize(
    "path", ["/dev/zero", "/dev/urandom", "/dev/null", "/", "/proc/self/status"]
)
def test_advise_refuses_special_files_with_status_2(path):
    # when: devices that never end, an empty one, a folder, a file the kernel writes
    with pytest.raises(CommandError) as refused:
        call_command("advise", path, stdout=StringIO(), stderr=StringIO())

    # then
    assert refused.value.returncode == BAD_INPUT
    assert "Traceback" not in str(refused.value)


@st.composite
def price_args(draw: st.DrawFn) -> list[str]:
    service = draw(st.one_of(st.sampled_from(SERVICES), st.text(min_size=1, max_size=12)))
    keys = list(service_parameters(service)) if service in SERVICES else []
    key = st.one_of(st.sampled_from(keys), st.text(max_size=8)) if keys else st.text(max_size=8)
    odd = st.sampled_from(["", "x86", "1e999"])
    value = st.one_of(SCALARS.map(str), EDGE_NUMBERS.map(str), odd)
    pairs = draw(st.lists(st.tuples(key, value).map("=".join), max_size=4))
    if service not in SERVICES and not PRICE_NAMES_AN_UNKNOWN_SERVICE_FIRST:
        pairs = [p for p in pairs if p.partition("=")[0].strip()]  # the known crash; see below
    # A leading "-" would be read as an option by argparse; the shell user writes "--" first.
    return [service, *[p for p in pairs if not p.startswith("-")]]


@settings(FUZZ, max_examples=examples(8))
@given(args=price_args(), as_json=st.booleans())
def test_price_answers_any_key_value_arguments_or_refuses_them_with_status_2(args, as_json):
    # when
    output = _run("price", *args, *(["--format", "json"] if as_json else []))

    # then: every key has a ceiling, so no total runs to hundreds of digits (1e308 did)
    assert "Traceback" not in output
    total = _total_usd(output)
    assert total is None or total < MAX_PRINTED_TOTAL_USD, output[-300:]


# Far above any one account's bill (AWS's largest customers spend billions a year), far
# below the 300-digit totals `price lambda memory_mb=1e308` printed before keys had ceilings.
MAX_PRINTED_TOTAL_USD = 1e18


def _total_usd(output: str) -> float | None:
    """The monthly total `price` printed (text or JSON); None for a refusal."""
    if output.lstrip().startswith("{"):
        return float(json.loads(output)["monthly_usd"])
    found = re.search(r"^Total: \$([0-9,.]+) a month", output, re.MULTILINE)
    return float(found.group(1).replace(",", "")) if found else None


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["advise", "/nonexistent/workload.yaml"], "no such file"),
        (["advise", "-"], "questionnaire"),
        (["price", "lambda", "memory_mb=lots"], "memory_mb"),
        (["price", "teleporter"], "teleporter"),
        (["price", "--format", "yaml", "lambda"], "invalid choice"),
        (["advise"], "required"),
    ],
)
def test_a_shell_sees_exit_status_2_and_one_message_without_a_traceback(args, words):
    # when
    done = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        input="just some words\n",
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    # then
    assert done.returncode == BAD_INPUT
    assert words in done.stderr
    assert "Traceback" not in done.stderr + done.stdout


@pytest.mark.xfail(
    not PRICE_NAMES_AN_UNKNOWN_SERVICE_FIRST,
    strict=True,
    reason="price.py looks up an unknown service's keys for a bad pair's message",
)
@pytest.mark.parametrize("args", [["nosuch", "=x"], ["0", "=None"], ["", "novalue"]])
def test_price_refuses_an_unknown_service_with_a_malformed_pair_with_status_2(args):
    # when
    with pytest.raises(CommandError) as refused:
        call_command("price", *args, stdout=StringIO())

    # then
    assert refused.value.returncode == BAD_INPUT
