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


class ShareLink(models.Model):
    """A read-only link for people without an account; revoking keeps the row for the record."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="share_links")
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
