"""Inputs a tester found that reached a 500 or a traceback though the fuzz suite passed,
kept as plain cases for every entry point they reach: the JSON API, the web form, saving,
and `advise` (in-process, and as a real process under a memory ceiling where an unbounded
input would otherwise take the machine down with it).
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django import forms
from django.core.management import CommandError, call_command

from advisor.forms import WorkloadForm
from tests.conftest import preset_answers

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
API = "/api/v1/assess"
BAD_INPUT = 2
# A real `advise` needs far less; an unbounded input hits this instead of the machine.
MEMORY_CEILING_BYTES = 1_500_000_000
NUMBER_FIELDS = sorted(
    name
    for name, field in WorkloadForm.base_fields.items()
    if isinstance(field, forms.IntegerField)
)
HUGE_INTEGER = 10**310  # one digit more than a float can hold: int -> float overflows
DEEP_JSON = "[" * 1000 + "]" * 1000  # 2 kB: far under any size limit


def _answers(**changes) -> dict:
    return {**preset_answers("api-for-a-mobile-app"), **changes}


def _alias_bomb(levels: int) -> str:
    """A few hundred bytes of YAML whose aliases expand to 9**levels strings, given where
    a choice is expected (the 456-byte file of the report is levels=9)."""
    anchors = ["&l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    anchors += [f"&l{i} [{', '.join([f'*l{i - 1}'] * 9)}]" for i in range(1, levels)]
    return (
        f"name: bomb\navg_rps: 1\navg_duration_ms: 100\ntraffic_pattern: [{', '.join(anchors)}]\n"
    )


def _post_json(client, body: str):
    return client.post(API, data=body, content_type="application/json")


def _advise_refuses(*args: str) -> str:
    with pytest.raises(CommandError) as refused:
        call_command("advise", *args, stdout=StringIO(), stderr=StringIO())
    assert refused.value.returncode == BAD_INPUT
    return str(refused.value)


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CEILING_BYTES, MEMORY_CEILING_BYTES))


def _advise_process(*args: str, stdin=None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", "advise", *args],
        cwd=ROOT,
        stdin=stdin,
        capture_output=True,
        timeout=120,
        check=False,
        preexec_fn=_limit_memory,
    )


# --- the JSON API -----------------------------------------------------------------------


def test_the_api_answers_json_nested_1000_deep_with_errors(client):
    # when
    response = _post_json(client, DEEP_JSON)

    # then
    assert response.status_code == 400
    assert "nested" in response.json()["errors"]["__all__"][0]


@pytest.mark.parametrize("field", NUMBER_FIELDS)
def test_the_api_answers_a_310_digit_integer_with_an_error_naming_the_field(client, field):
    # when
    response = _post_json(client, json.dumps(_answers(**{field: HUGE_INTEGER})))

    # then
    assert response.status_code == 400
    assert field in response.json()["errors"]


def test_the_api_answers_a_310_digit_assumption_with_an_error_naming_it(client):
    # when
    body = json.dumps(_answers(assumptions={"min_tasks": HUGE_INTEGER}))
    response = _post_json(client, body)

    # then
    assert response.status_code == 400
    assert "min_tasks" in response.json()["errors"]["assumptions"][0]


def test_the_api_answers_a_peak_far_above_a_near_zero_average_with_an_error(client):
    # when
    response = _post_json(client, json.dumps(_answers(avg_rps=1e-300, peak_rps=50)))

    # then
    assert response.status_code == 400
    assert "peak_rps" in response.json()["errors"]


def test_the_api_answers_a_body_over_django_s_memory_limit_in_json(client):
    # given: 3 MB, above DATA_UPLOAD_MAX_MEMORY_SIZE (2.5 MB)
    body = json.dumps(_answers(name="x" * 3_000_000))

    # when
    response = _post_json(client, body)

    # then
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert "too large" in response.json()["errors"]["__all__"][0]


# --- the web form and saving ------------------------------------------------------------


def test_the_live_panel_refuses_a_peak_far_above_a_near_zero_average(client):
    # when
    response = client.post(
        "/assess/",
        {**_answers(avg_rps="1e-300", peak_rps="50"), "triggers": "http"},
        HTTP_HX_REQUEST="true",
    )

    # then
    assert response.status_code == 200
    assert "Some answers need attention." in response.content.decode()


def test_saving_a_peak_far_above_a_near_zero_average_saves_nothing(client, django_user_model):
    # given
    user = django_user_model.objects.create_user("saver", password="a long test password 1")
    client.force_login(user)

    # when
    response = client.post(
        "/assess/save/", {**_answers(avg_rps="1e-300", peak_rps="50"), "triggers": "http"}
    )

    # then
    assert response.status_code == 400
    assert not user.assessments.exists()


# --- advise -----------------------------------------------------------------------------


@pytest.mark.parametrize("suffix", [".json", ".yaml"])
def test_advise_refuses_a_file_nested_1000_deep(tmp_path, suffix):
    # given
    path = tmp_path / f"deep{suffix}"
    path.write_text(DEEP_JSON, encoding="utf-8")

    # when
    message = _advise_refuses(str(path))

    # then
    assert "nested" in message


@pytest.mark.parametrize("digits", [310, 5000])
@pytest.mark.parametrize("suffix", [".json", ".yaml"])
def test_advise_refuses_a_huge_integer_naming_the_field(tmp_path, suffix, digits):
    # given: a JSON or YAML number the reader itself cannot turn into an int past 4300 digits
    path = tmp_path / f"huge{suffix}"
    text = json.dumps(_answers(avg_rps=0)).replace('"avg_rps": 0', f'"avg_rps": {"9" * digits}')
    path.write_text(text, encoding="utf-8")

    # when
    message = _advise_refuses(str(path))

    # then
    assert "avg_rps" in message or "digits" in message


def test_advise_refuses_a_peak_far_above_a_near_zero_average(tmp_path):
    # given
    path = tmp_path / "tiny.json"
    path.write_text(json.dumps(_answers(avg_rps=1e-300, peak_rps=50)), encoding="utf-8")

    # when
    message = _advise_refuses(str(path))

    # then
    assert "peak_rps" in message


def test_advise_refuses_an_alias_bomb_with_a_short_message(tmp_path):
    # given: 7 levels printed a 39 MB message
    path = tmp_path / "bomb.yaml"
    path.write_text(_alias_bomb(7), encoding="utf-8")

    # when
    message = _advise_refuses(str(path))

    # then
    assert "alias" in message and len(message) < 1000


@pytest.mark.slow
def test_advise_refuses_the_456_byte_alias_bomb_without_a_traceback(tmp_path):
    # given
    path = tmp_path / "bomb.yaml"
    path.write_text(_alias_bomb(9), encoding="utf-8")

    # when
    done = _advise_process(str(path))

    # then
    assert done.returncode == BAD_INPUT, done.stderr[-2000:]
    assert b"Traceback" not in done.stderr and b"alias" in done.stderr


@pytest.mark.slow
@pytest.mark.parametrize("source", ["/dev/zero", "-"])
def test_advise_refuses_an_endless_input_once_it_passes_the_size_limit(source):
    # when: /dev/zero as the file, and as standard input
    with open("/dev/zero", "rb") as zeros:
        done = _advise_process(source, stdin=zeros)

    # then
    assert done.returncode == BAD_INPUT, done.stderr[-2000:]
    assert b"too large" in done.stderr and b"Traceback" not in done.stderr


def test_the_api_answers_thousands_of_unknown_keys_with_one_short_message(client):
    # given: 95 kB of unknown keys (each once had its own 600-character message: 3.8 MB)
    body = json.dumps(_answers(**{f"k{i}": 0 for i in range(7000)}, **{"x" * 5000: 1}))

    # when
    response = _post_json(client, body)

    # then
    assert response.status_code == 400
    assert len(response.content) < 5000
    (message,) = response.json()["errors"]["__all__"]
    assert "'k0'" in message and "more" in message
