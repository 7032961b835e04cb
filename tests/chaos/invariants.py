"""What must hold after every chaos run, checked on the database, the storage and the
pages: each export done with an intact file, or failed with a reason and retryable; one
artefact per job and no other file in its folder; no download answering 500."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from django.urls import reverse
from pypdf import PdfReader

from advisor.jobs.models import ExportJob

State = ExportJob.State


def refresh(jobs: list[ExportJob]) -> list[ExportJob]:
    return list(ExportJob.objects.filter(pk__in=[job.pk for job in jobs]).order_by("pk"))


def all_finished(jobs: list[ExportJob]) -> bool:
    return all(job.is_finished for job in refresh(jobs))


def failures_without_reason(jobs: list[ExportJob]) -> list[str]:
    return [
        f"job {job.pk}: failed without a reason"
        for job in refresh(jobs)
        if job.state == State.FAILED and not job.error.strip()
    ]


def stray_files(jobs: list[ExportJob], media: Path) -> list[str]:
    """Files in a job's folder other than its published artefact (one per finished job)."""
    problems = []
    for job in refresh(jobs):
        folder = media / "exports" / str(job.pk)
        found = {str(p.relative_to(media)) for p in folder.rglob("*") if p.is_file()}
        expected = {job.artefact.name} if job.state == State.DONE else set()
        if found != expected:
            problems.append(f"job {job.pk} ({job.state}): files {sorted(found)}")
    return problems


def broken_artefacts(jobs: list[ExportJob], media: Path) -> list[str]:
    problems = []
    for job in refresh(jobs):
        if job.state != State.DONE:
            problems.append(f"job {job.pk}: {job.state}, not done after its retry")
            continue
        path = media / job.artefact.name
        if not path.is_file():
            problems.append(f"job {job.pk}: done, but {job.artefact.name} is missing")
        elif problem := _intact(job.kind, path.read_bytes()):
            problems.append(f"job {job.pk}: {problem}")
    return problems


def _intact(kind: str, data: bytes) -> str:
    """'' when the bytes are a whole PDF or a whole zip; else what is wrong."""
    try:
        if kind == "pdf":
            return "" if len(PdfReader(io.BytesIO(data)).pages) > 0 else "a PDF without pages"
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            bad = archive.testzip()
            return f"zip member {bad} corrupt" if bad else ""
    except Exception as exc:  # any parser error is the finding
        return f"the {kind} does not open ({type(exc).__name__}: {exc})"


def download_errors(jobs: list[ExportJob], client) -> list[str]:
    """Every job's download: a file or a redirect or 404, never a server error."""
    problems = []
    for job in refresh(jobs):
        try:
            response = client.get(reverse("jobs:export_download", args=[job.pk]))
        except Exception as exc:  # the test client raises what would have been a 500
            problems.append(f"job {job.pk}: download raised {type(exc).__name__}: {exc}")
            continue
        if response.status_code >= 500:
            problems.append(f"job {job.pk}: download answered {response.status_code}")
        elif job.state == State.DONE and response.status_code != 200:
            problems.append(f"job {job.pk}: done, but download answered {response.status_code}")
    return problems
