"""`manage.py advise`: the JSON contract, the text summary, and bad input → exit status 2."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from tests.conftest import PRESET_NAMES, PRESETS_DIR

ROOT = Path(__file__).resolve().parents[2]


def _advise(*args: str, stdin: str | None = None) -> str:
    out = io.StringIO()
    if stdin is not None:
        sys_stdin, sys.stdin = sys.stdin, io.StringIO(stdin)
    try:
        call_command("advise", *args, stdout=out)
    finally:
        if stdin is not None:
            sys.stdin = sys_stdin
    return out.getvalue()


@pytest.mark.parametrize("preset", PRESET_NAMES)
def test_json_output_follows_the_design_contract(preset):
    # given
    path = PRESETS_DIR / f"{preset}.yaml"

    # when
    result = json.loads(_advise(str(path), "--format", "json"))

    # then
    assert set(result) >= {"workload", "verdict", "costs", "architecture"}
    assert result["verdict"]["fit"] in {"fits", "hybrid", "does_not_fit"}
    assert 0 <= result["verdict"]["score"] <= 100
    for reason in result["verdict"]["reasons"]:
        assert {"rule", "effect", "message", "source"} <= set(reason)
        assert reason["source"]
    for option in ("serverless", "containers", "vm_reserved"):
        estimate = result["costs"][option]
        assert estimate["monthly_usd"] >= 0
        assert estimate["items"], option
        item_keys = {"service", "item", "quantity", "unit", "unit_price_usd", "monthly_usd"}
        assert all(item_keys <= set(item) for item in estimate["items"])
        assert sum(i["monthly_usd"] for i in estimate["items"]) == pytest.approx(
            estimate["monthly_usd"], abs=0.01 * len(estimate["items"])
        )
    assert "break_even_avg_rps" in result["costs"]
    assert {"components", "edges", "functions"} <= set(result["architecture"])


def test_text_output_reads_as_a_summary(tmp_path):
    # given
    path = PRESETS_DIR / "video-processing-pipeline.yaml"

    # when
    text = _advise(str(path))

    # then
    assert "Verdict:" in text and "HYBRID" in text
    assert "Monthly cost" in text and "Containers" in text and "VMs (EC2, 1 year)" in text
    assert "$" in text


def test_json_and_yaml_files_give_the_same_answer(tmp_path):
    # given
    import yaml

    answers = yaml.safe_load((PRESETS_DIR / "real-time-chat.yaml").read_text())
    json_path = tmp_path / "chat.json"
    json_path.write_text(json.dumps(answers))

    # when
    from_json = json.loads(_advise(str(json_path), "--format", "json"))
    from_yaml = json.loads(_advise(str(PRESETS_DIR / "real-time-chat.yaml"), "--format", "json"))

    # then
    assert from_json == from_yaml


def test_it_reads_standard_input():
    # given
    answers = "name: Tiny\navg_rps: 1\navg_duration_ms: 50\n"

    # when
    result = json.loads(_advise("-", "--format", "json", stdin=answers))

    # then
    assert result["workload"]["name"] == "Tiny"


def test_an_assumption_override_changes_the_estimate():
    # given
    path = str(PRESETS_DIR / "api-for-a-mobile-app.yaml")
    baseline = json.loads(_advise(path, "--format", "json"))
    name = next(a["name"] for a in baseline["costs"]["assumptions"] if a["value"] > 0)
    value = next(a["value"] for a in baseline["costs"]["assumptions"] if a["name"] == name)

    # when
    changed = json.loads(_advise(path, "--format", "json", "--assume", f"{name}={value * 4}"))

    # then
    listed = {a["name"]: a for a in changed["costs"]["assumptions"]}
    assert listed[name]["value"] == value * 4 and listed[name]["overridden"]


@pytest.mark.parametrize(
    ("content", "suffix", "message_part"),
    [
        (None, ".yaml", "no such file"),
        ("name: [unclosed", ".yaml", "not valid YAML"),
        ("{", ".json", "not valid JSON"),
        ("- just\n- a list\n", ".yaml", "mapping of field names"),
        ("name: X\navg_rps: 1\navg_duration_ms: 9\nrps_peak: 3\n", ".yaml", "rps_peak"),
        ("name: X\navg_rps: -1\navg_duration_ms: 9\n", ".yaml", "avg_rps"),
        ("name: X\navg_rps: 1\n", ".yaml", "avg_duration_ms"),
    ],
)
def test_bad_input_gets_one_clear_message_and_exit_status_2(
    tmp_path, content, suffix, message_part
):
    # given
    path = tmp_path / f"workload{suffix}"
    if content is not None:
        path.write_text(content)

    # when
    with pytest.raises(CommandError) as caught:
        _advise(str(path))

    # then
    assert caught.value.returncode == 2
    assert message_part in str(caught.value)


def test_from_a_shell_bad_input_exits_2_without_a_traceback(tmp_path):
    # given
    path = tmp_path / "bad.yaml"
    path.write_text("name: X\navg_rps: fast\navg_duration_ms: 9\n")

    # when
    done = subprocess.run(
        [sys.executable, "manage.py", "advise", str(path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )

    # then
    assert done.returncode == 2
    assert "avg_rps" in done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize(
    ("name", "starts_with"), [("d.svg", b"<?xml"), ("d.png", b"\x89PNG"), ("d.dot", b"digraph")]
)
def test_it_writes_the_diagram_in_the_format_its_extension_names(tmp_path, name, starts_with):
    # given
    out = tmp_path / name

    # when
    _advise(str(PRESETS_DIR / "real-time-chat.yaml"), "--diagram", str(out))

    # then
    assert out.read_bytes().lstrip().startswith(starts_with)


def test_an_unknown_diagram_extension_is_refused_with_the_allowed_ones(tmp_path):
    # given
    out = tmp_path / "diagram.gif"

    # when
    with pytest.raises(CommandError) as caught:
        _advise(str(PRESETS_DIR / "real-time-chat.yaml"), "--diagram", str(out))

    # then
    assert caught.value.returncode == 2
    assert ".svg" in str(caught.value) and not out.exists()
