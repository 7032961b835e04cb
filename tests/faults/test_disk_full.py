"""Disk full while an artefact is written: the job fails with a plain reason, nothing
half-written is left or served (the download is a 404), and a retry works once there is
space again.

Two ways to fill the disk: a storage that raises ENOSPC (runs anywhere, in-process), and a
real 64 KiB tmpfs under a real worker (needs root to mount; skipped otherwise) where the
PDF runs out of space part-way through the write.
"""

from __future__ import annotations

import errno
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.files.storage import FileSystemStorage
from django.urls import reverse

from advisor.jobs.models import ExportJob
from advisor.jobs.services import DISK_FULL_REASON, export_job_request
from advisor.jobs.tasks import export_job_task
from tests.jobs.conftest import wait_for

State = ExportJob.State
TINY_DISK = "64k"  # far smaller than a PDF report (~100 KiB and more)
RENDER_TIMEOUT_S = 60


class FullDiskStorage(FileSystemStorage):
    """Writes a little, then fails as a full disk does (a partial file stays behind)."""

    def _save(self, name, content):
        path = Path(self.path(name))
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content.read()[:1000])
        raise OSError(errno.ENOSPC, "No space left on device", str(path))


def _files(media_root: Path, job: ExportJob) -> list[str]:
    """The job's files (attempts write in folders of their own)."""
    folder = media_root / "exports" / str(job.pk)
    return sorted(p.name for p in folder.rglob("*") if p.is_file())


@pytest.fixture
def full_disk_storage(settings, media_root):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": f"{__name__}.FullDiskStorage"},
    }


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("kind", ["pdf", "scaffold"])
def test_a_full_disk_fails_the_job_with_a_reason_and_leaves_nothing_half_written(
    full_disk_storage, revision, owner_client, media_root, kind
):
    # given
    job = export_job_request(revision=revision, kind=kind, options={})

    # when: the task runs as a worker would run it
    export_job_task.apply(args=[job.pk])

    # then
    job.refresh_from_db()
    assert job.state == State.FAILED
    assert job.error == DISK_FULL_REASON
    assert "disk full" in job.error
    assert _files(media_root, job) == []
    download = owner_client.get(reverse("jobs:export_download", args=[job.pk]))
    assert download.status_code == 404
    status = owner_client.get(reverse("jobs:export_status", args=[job.pk]), HTTP_HX_REQUEST="true")
    assert "disk full" in status.content.decode()


@pytest.fixture
def tiny_disk(tmp_path) -> Iterator[Path]:
    mount_point = tmp_path / f"tiny-{uuid.uuid4().hex[:6]}"
    mount_point.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={TINY_DISK}", "tmpfs", str(mount_point)],
        capture_output=True,
        text=True,
        check=False,
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here (root needed): {mounted.stderr.strip()}")
    try:
        yield mount_point
    finally:
        subprocess.run(["umount", "-l", str(mount_point)], check=False)


@pytest.mark.slow
def test_a_real_full_disk_under_a_real_worker_fails_the_job_and_keeps_no_partial_file(
    tiny_disk, settings, workers, owner_client, revision
):
    # given: the worker's media folder is a 64 KiB disk
    settings.MEDIA_ROOT = tiny_disk
    workers.env["DJANGO_MEDIA_ROOT"] = str(tiny_disk)
    workers.start()

    # when
    response = owner_client.post(
        reverse("jobs:export_create", args=[revision.pk]), {"kind": "pdf"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    job = ExportJob.objects.get(revision=revision, kind="pdf")
    wait_for(lambda: _refreshed(job).is_finished, RENDER_TIMEOUT_S, "the export to end")

    # then
    assert job.state == State.FAILED, job.error
    assert "disk full" in job.error
    assert _files(tiny_disk, job) == []
    assert owner_client.get(reverse("jobs:export_download", args=[job.pk])).status_code == 404


def _refreshed(job: ExportJob) -> ExportJob:
    job.refresh_from_db()
    return job
