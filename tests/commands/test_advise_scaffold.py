"""`manage.py advise WORKLOAD --scaffold OUT.zip`: the starter repo from the command line."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.management import CommandError, call_command

from tests.conftest import PRESETS_DIR


def _advise(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("advise", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_it_writes_the_starter_repo_as_a_zip(tmp_path):
    # given
    target = tmp_path / "starter.zip"
    # when
    _, err = _advise(str(PRESETS_DIR / "real-time-chat.yaml"), "--scaffold", str(target))
    # then
    names = zipfile.ZipFile(target).namelist()
    assert "real-time-chat/template.yaml" in names
    # the preset's runtime is Node.js: the TypeScript stack, without being asked
    assert "real-time-chat/src/functions/ws_message/handler.ts" in names
    assert "Starter repository (zip) written to" in err


def test_stack_picks_another_stack_than_the_runtimes_and_the_readme_says_so(tmp_path):
    # given
    target = tmp_path / "starter.zip"
    # when
    _advise(
        str(PRESETS_DIR / "real-time-chat.yaml"), "--scaffold", str(target), "--stack", "sam-python"
    )
    # then
    archive = zipfile.ZipFile(target)
    assert "real-time-chat/src/ws_message/handler.py" in archive.namelist()
    readme = archive.read("real-time-chat/README.md").decode()
    assert "chosen on the export (the runtime node suggests sam-typescript)" in readme


def test_a_runtime_without_a_stack_gets_the_default_and_the_readme_says_why(tmp_path):
    # given
    answers = PRESETS_DIR / "api-for-a-mobile-app.yaml"
    java = tmp_path / "java.yaml"
    java.write_text(answers.read_text().replace("runtime: python", "runtime: java"))
    target = tmp_path / "starter.zip"
    # when
    _advise(str(java), "--scaffold", str(target))
    # then
    archive = zipfile.ZipFile(target)
    readme = next(archive.read(n).decode() for n in archive.namelist() if n.endswith("README.md"))
    assert "no starter stack writes java yet" in readme
    assert any(n.endswith("src/api_handler/handler.py") for n in archive.namelist())


def test_the_usual_summary_is_still_printed(tmp_path):
    # when
    out, _ = _advise(
        str(PRESETS_DIR / "api-for-a-mobile-app.yaml"), "--scaffold", str(tmp_path / "a.zip")
    )
    # then
    assert out.startswith("Workload: API for a mobile app")
    assert "Verdict:" in out


def test_an_unwritable_target_is_an_error_not_a_traceback(tmp_path):
    # given
    target = tmp_path / "missing-folder" / "starter.zip"
    # when / then
    with pytest.raises(CommandError, match="--scaffold"):
        _advise(str(PRESETS_DIR / "api-for-a-mobile-app.yaml"), "--scaffold", str(target))


def test_bad_input_fails_before_anything_is_written(tmp_path):
    # given
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: x\navg_rps: -1\n", encoding="utf-8")
    target = tmp_path / "starter.zip"
    # when
    with pytest.raises(CommandError) as error:
        _advise(str(bad), "--scaffold", str(target))
    # then
    assert error.value.returncode == 2
    assert not target.exists()
