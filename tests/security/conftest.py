"""Security tests' personas and objects: an owner with a saved assessment, its exports,
a valid and a revoked share link, an API token; and a clean rate-limit cache."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.core.cache import cache
from django.core.files.base import ContentFile

from advisor.jobs.models import ExportJob
from advisor.models import Assessment, ShareLink
from advisor.services import api_token_create, share_link_revoke
from tests.factories import make_assessment, make_share_link, make_user


@pytest.fixture(autouse=True)
def _fresh_rate_limit_counters():
    """Rate-limit counters live in the cache: start clean, and leave none for other tests."""
    cache.clear()
    yield
    cache.clear()


@dataclass
class World:
    owner: object
    stranger: object
    assessment: Assessment
    share: ShareLink
    revoked: ShareLink
    done_job: ExportJob
    failed_job: ExportJob
    api_token_id: int


def make_export_jobs(revision) -> tuple[ExportJob, ExportJob]:
    """A finished PDF export (with its file) and a failed starter-repo export of `revision`."""
    done = ExportJob.objects.create(
        revision=revision,
        kind="pdf",
        options_key="paper=a4",
        state=ExportJob.State.DONE,
    )
    done.artefact.save("report.pdf", ContentFile(b"%PDF-1.4\n"), save=True)
    failed = ExportJob.objects.create(
        revision=revision,
        kind="scaffold",
        options_key="stack=sam-python",
        state=ExportJob.State.FAILED,
        error="disk full",
    )
    return done, failed


@pytest.fixture
def world(db, settings, tmp_path) -> World:
    settings.MEDIA_ROOT = tmp_path / "media"
    owner, stranger = make_user("olivia"), make_user("mallory")
    assessment = make_assessment(owner)
    done, failed = make_export_jobs(assessment.revisions.get())
    revoked = share_link_revoke(share_link=make_share_link(assessment))
    token, _key = api_token_create(user=owner)
    return World(
        owner=owner,
        stranger=stranger,
        assessment=assessment,
        share=make_share_link(assessment),
        revoked=revoked,
        done_job=done,
        failed_job=failed,
        api_token_id=token.pk,
    )
