"""Saved assessments: fields only; writes live in services.py, reads in selectors.py."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Assessment(models.Model):
    """A workload someone saved; its answers live in revisions, newest last."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="assessments"
    )
    name = models.CharField(max_length=120)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at", "-id"]

    def __str__(self) -> str:
        return self.name


class AssessmentRevision(models.Model):
    """One save of the answers. Revisions are never changed: an edit adds a new one."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField()
    # The validated answers as `Workload.as_dict()`; read back through the one form.
    answers = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["assessment", "number"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "number"], name="unique_revision_number")
        ]

    def __str__(self) -> str:
        return f"{self.assessment.name} — revision {self.number}"

    @property
    def name(self) -> str:
        """The workload's name as this revision saved it; the assessment keeps the latest."""
        name = self.answers.get("name") if isinstance(self.answers, dict) else None
        return name if isinstance(name, str) and name.strip() else self.assessment.name


class ShareLink(models.Model):
    """A read-only link for people without an account; revoking keeps the row for the record.

    It opens one revision: the one it was made for, or with none, whichever is the latest
    (so a replaced name or figure stops showing once the owner saves again)."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="share_links")
    revision = models.ForeignKey(
        AssessmentRevision,
        on_delete=models.CASCADE,
        related_name="share_links",
        null=True,
        blank=True,
    )
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"share link for {self.assessment.name}"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class ApiToken(models.Model):
    """A bearer token for the JSON API. Only its SHA-256 is stored; the user sees it once."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    key_sha256 = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=8)  # lets the owner tell tokens apart
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"API token {self.prefix}… of {self.user}"
