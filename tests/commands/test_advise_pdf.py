"""`manage.py advise WORKLOAD.yaml --pdf OUT.pdf [--paper a4|letter]`."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command
from pypdf import PdfReader

from tests.conftest import PRESETS_DIR

WORKLOAD = PRESETS_DIR / "nightly-batch-job.yaml"


def _advise(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("advise", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_it_writes_the_report_on_a4_by_default(tmp_path):
    # given
    target = tmp_path / "report.pdf"

    # when
    stdout, stderr = _advise(str(WORKLOAD), "--pdf", str(target))

    # then
    reader = PdfReader(target)
    first_page = reader.pages[0]
    assert float(first_page.mediabox.width) == pytest.approx(595.28, abs=0.5)
    assert "Nightly batch job" in reader.metadata.title
    assert "Workload: Nightly batch job" in stdout  # the summary still goes to stdout
    assert str(target) in stderr


def test_it_prints_json_untouched_when_a_pdf_is_asked_for_too(tmp_path):
    # given
    target = tmp_path / "report.pdf"

    # when
    stdout, _ = _advise(
        str(WORKLOAD), "--format", "json", "--pdf", str(target), "--paper", "letter"
    )

    # then
    assert stdout.lstrip().startswith("{")
    first_page = PdfReader(target).pages[0]
    assert float(first_page.mediabox.width) == pytest.approx(612, abs=0.5)


def test_an_unknown_paper_is_a_usage_error(tmp_path):
    # when / then
    with pytest.raises(CommandError, match="paper"):
        _advise(str(WORKLOAD), "--pdf", str(tmp_path / "r.pdf"), "--paper", "a3")


def test_an_unwritable_target_fails_with_a_message_not_a_traceback(tmp_path):
    # given
    target = tmp_path / "missing-folder" / "report.pdf"

    # when
    with pytest.raises(CommandError, match="cannot write it") as caught:
        _advise(str(WORKLOAD), "--pdf", str(target))

    # then
    assert caught.value.returncode == 1
