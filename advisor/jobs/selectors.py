"""Reads for export jobs, and who may see them."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import QuerySet
from django.http import Http404

from advisor.jobs.models import ExportJob
from advisor.models import AssessmentRevision
from advisor.selectors import share_link_active, share_link_revision


@dataclass(frozen=True)
class ExportAccess:
    """Who is asking: the signed-in user, and the share token they came with (if any)."""

    user: AbstractBaseUser | AnonymousUser
    token: str = ""

    def allows(self, revision: AssessmentRevision) -> bool:
        """The owner; or the holder of an active share link of the assessment, for the one
        revision the link opens (revision ids are sequential: any other would leak)."""
        assessment = revision.assessment
        if self.user.is_authenticated and assessment.owner_id == self.user.pk:
            return True
        link = share_link_active(token=self.token)
        if link is None or link.assessment_id != assessment.pk:
            return False
        return share_link_revision(link=link).pk == revision.pk


def export_revision_get(*, id: int, access: ExportAccess) -> AssessmentRevision:
    """The revision when `access` allows it; 404 otherwise, as if it did not exist."""
    revision = AssessmentRevision.objects.select_related("assessment").filter(pk=id).first()
    if revision is None or not access.allows(revision):
        raise Http404("No such revision")
    return revision


def export_job_get(*, id: int, access: ExportAccess) -> ExportJob:
    job = ExportJob.objects.select_related("revision__assessment").filter(pk=id).first()
    if job is None or not access.allows(job.revision):
        raise Http404("No such export")
    return job


def export_job_list(*, revision: AssessmentRevision) -> QuerySet[ExportJob]:
    return ExportJob.objects.filter(revision=revision)


def export_job_kind(*, id: int) -> str:
    return ExportJob.objects.values_list("kind", flat=True).filter(pk=id).first() or ""


def export_jobs_running() -> bool:
    """Whether any export is being made now (by any worker sharing this database)."""
    return ExportJob.objects.filter(state=ExportJob.State.RUNNING).exists()
