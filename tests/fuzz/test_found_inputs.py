"""Inputs the fuzzers found that once crashed a request or a command, kept as plain cases.

Each must get field errors (or an answer) from every entry point. Huge numbers overflowed
the cost arithmetic (OverflowError, decimal.InvalidOperation) until the form gained a
ceiling (`forms.MAX_ANSWER`). The inputs a tester found later are in test_found_boundaries.py.
"""

from __future__ import annotations

import json
from urllib.parse import urlencode

import pytest
from django.core.management import CommandError, call_command

from tests.conftest import preset_answers

pytestmark = pytest.mark.django_db

CRASHERS = [
    pytest.param({"avg_rps": 1e308, "peak_rps": 1e308}, id="rates-near-float-max"),
    pytest.param({"peak_rps": 1e308}, id="peak-near-float-max"),
    pytest.param({"payload_kb": 1e308}, id="payload-near-float-max"),
    pytest.param({"avg_rps": 1e200, "peak_rps": 1e300}, id="rates-1e200-1e300"),
]


def _answers(changes: dict) -> dict:
    return {**preset_answers("api-for-a-mobile-app"), **changes}


@pytest.mark.parametrize("changes", CRASHERS)
def test_the_api_answers_huge_numbers_with_field_errors(client, changes):
    # when
    response = client.post(
        "/api/v1/assess", data=json.dumps(_answers(changes)), content_type="application/json"
    )

    # then
    assert response.status_code == 400
    assert set(response.json()["errors"]) & set(changes)


@pytest.mark.parametrize("changes", CRASHERS)
def test_the_live_panel_answers_huge_numbers_with_field_errors(client, changes):
    # given
    pairs = [(k, str(v)) for k, v in _answers(changes).items() if k != "triggers"]

    # when
    response = client.post(
        "/assess/",
        data=urlencode(pairs),
        content_type="application/x-www-form-urlencoded",
        HTTP_HX_REQUEST="true",
    )

    # then
    assert response.status_code == 200
    assert "Some answers need attention." in response.content.decode()


@pytest.mark.parametrize("changes", CRASHERS)
def test_advise_refuses_huge_numbers_with_exit_status_2(tmp_path, changes):
    # given
    path = tmp_path / "workload.json"
    path.write_text(json.dumps(_answers(changes)), encoding="utf-8")

    # when
    with pytest.raises(CommandError) as refused:
        call_command("advise", str(path), "--format", "json")

    # then
    assert refused.value.returncode == 2
