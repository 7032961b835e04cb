"""The export-kind registry: every part of the app reads it, so a new kind is one entry.

The third exporter below exists only in this file: registering it is all it takes for the
export panel to offer it, the view to accept it, a worker's task to build it, the download
to serve it with its own name and content type, `advise --KEY OUT` to write it — and no
migration.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse

from advisor.exports import (
    Choice,
    Exporter,
    ExportOption,
    export_kind_validate,
    exporter_get,
    exporter_register,
    exporter_unregister,
    exporters,
)
from advisor.exports.pdf_report import PAPER_SIZES
from advisor.jobs.models import ExportJob
from advisor.jobs.services import failure_reason, requesting
from advisor.jobs.tasks import export_job_task
from advisor.render.scaffold import stack_names
from tests.conftest import PRESETS_DIR


def _render_answers(*, workload, assessment, options, generated_on) -> bytes:
    summary = {"name": workload.name, "fit": assessment.verdict.fit.value, "on": str(generated_on)}
    return json.dumps(summary, indent=int(options["indent"])).encode()


ANSWERS = Exporter(
    key="verdict-json",
    label="verdict (JSON)",
    noun="the verdict file",
    extension="json",
    content_type="application/json",
    file_label="verdict-{indent}",
    render=_render_answers,
    options=(
        ExportOption("indent", "indented by", lambda: (Choice("2", "2"), Choice("4", "4 spaces"))),
    ),
    cli_help="also write the verdict as JSON",
)


@pytest.fixture
def third_exporter() -> Iterator[Exporter]:
    exporter_register(ANSWERS)
    yield ANSWERS
    exporter_unregister(ANSWERS.key)


def test_the_registry_holds_the_pdf_report_and_the_starter_repo():
    # when
    keys = [entry.key for entry in exporters()]

    # then
    assert keys == ["pdf", "scaffold"]
    assert exporter_get("pdf").option("paper").values() == tuple(PAPER_SIZES)
    assert exporter_get("scaffold").option("stack").values()[0] == "sam-python"
    assert set(exporter_get("scaffold").option("stack").values()) == set(stack_names())


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        (ANSWERS.__class__(**{**ANSWERS.__dict__, "key": "pdf"}), "registered already"),
        (ANSWERS.__class__(**{**ANSWERS.__dict__, "key": "Bad Key"}), "must match"),
        (
            ANSWERS.__class__(**{**ANSWERS.__dict__, "options": exporter_get("pdf").options}),
            "taken",
        ),
    ],
    ids=["same-key", "bad-key", "option-clash"],
)
def test_it_refuses_a_kind_that_would_clash(entry, message):
    # when / then
    with pytest.raises(ValueError, match=message):
        exporter_register(entry)
    assert [e.key for e in exporters()] == ["pdf", "scaffold"]


def test_the_job_field_accepts_registered_kinds_only(third_exporter):
    # when / then
    export_kind_validate("verdict-json")
    with pytest.raises(ValidationError):
        export_kind_validate("docx")


@pytest.mark.django_db
def test_a_new_kind_needs_no_migration(third_exporter):
    # given: the kind is plain text (choices would be part of the migration state)
    assert ExportJob._meta.get_field("kind").choices is None
    out = io.StringIO()

    # when: --check exits non-zero if the models differ from the migrations
    call_command("makemigrations", "--check", "--dry-run", stdout=out)

    # then
    assert "No changes detected" in out.getvalue()


@pytest.mark.django_db
def test_a_third_exporter_works_end_to_end(
    third_exporter, owner_client, revision, media_root, monkeypatch
):
    # given: the panel offers it with its option
    monkeypatch.setattr(requesting, "export_job_publish", lambda *, job_id: True)
    panel_url = reverse("jobs:export_panel", args=[revision.pk])
    panel = owner_client.get(panel_url).content.decode()
    assert "Build the verdict (JSON)" in panel
    assert 'name="indent"' in panel and "4 spaces" in panel

    # when: asked for through the view, built by the worker's task, downloaded
    created = owner_client.post(
        reverse("jobs:export_create", args=[revision.pk]),
        {"kind": "verdict-json", "indent": "4"},
    )
    job = ExportJob.objects.get(revision=revision, kind="verdict-json")
    export_job_task.apply(args=[job.pk])
    job.refresh_from_db()
    response = owner_client.get(reverse("jobs:export_download", args=[job.pk]))

    # then
    assert created.status_code == 302
    assert job.state == ExportJob.State.DONE and job.options == {"indent": "4"}
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    name = f"api-for-a-mobile-app-verdict-4-job{job.pk}.json"
    assert response["Content-Disposition"] == f'attachment; filename="{name}"'
    body = b"".join(response.streaming_content)
    assert json.loads(body)["name"] == revision.name and b'\n    "fit"' in body
    listed = owner_client.get(panel_url).content.decode()
    assert "Verdict (JSON)" in listed and "4 spaces" in listed
    assert failure_reason(RuntimeError(), kind="verdict-json").count("the verdict file") == 1


def test_advise_writes_the_third_export(third_exporter, tmp_path):
    # given
    target = tmp_path / "verdict.json"
    err = io.StringIO()

    # when
    call_command(
        "advise",
        str(PRESETS_DIR / "real-time-chat.yaml"),
        "--verdict-json",
        str(target),
        "--indent",
        "2",
        stdout=io.StringIO(),
        stderr=err,
    )

    # then
    assert json.loads(target.read_text())["name"] == "Real-time chat"
    assert "Verdict (JSON) written to" in err.getvalue()
