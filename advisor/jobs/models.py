"""Export jobs: fields only; writes live in services.py, reads in selectors.py."""

from __future__ import annotations

from django.db import models

from advisor.exports import export_kind_validate, exporter_get
from advisor.models import AssessmentRevision

# What the page says for each step the worker reports.
STEP_LABELS = {
    "starting": "Starting",
    "evaluate": "Evaluating the answers",
    "render": "Building",
    "store": "Saving",
}


class ExportJob(models.Model):
    """One export of one revision with one set of options; asking again reuses it."""

    class State(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    revision = models.ForeignKey(
        AssessmentRevision, on_delete=models.CASCADE, related_name="export_jobs"
    )
    # An export kind's key (advisor/exports/registry.py): plain text, not choices, so a new
    # kind needs no migration; the validator checks it against the registry.
    kind = models.CharField(max_length=16, validators=[export_kind_validate])
    # Normalised options ("paper=a4", "stack=sam-python"): part of the job's identity.
    options_key = models.CharField(max_length=200)
    options = models.JSONField(default=dict)
    state = models.CharField(max_length=16, choices=State.choices, default=State.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)  # percent, 0–100
    step = models.CharField(max_length=40, blank=True)  # what the worker is doing now
    # Plain words, safe to show: why it failed, or why it is still waiting.
    error = models.TextField(blank=True)
    note = models.CharField(max_length=300, blank=True)
    artefact = models.FileField(upload_to="exports/", max_length=300, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)  # since the last retry; shown
    # The fencing token: +1 on every claim and never reset, so an attempt is known by it
    # alone. It names the folder the attempt writes in and the row it may publish to.
    fence = models.PositiveIntegerField(default=0)
    # Folders of attempts up to this fence have been swept for files a killed attempt left.
    collected_fence = models.PositiveIntegerField(default=0)
    worker = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    enqueued_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["kind", "options_key"]
        constraints = [
            models.UniqueConstraint(
                fields=["revision", "kind", "options_key"], name="unique_export_per_options"
            )
        ]
        indexes = [models.Index(fields=["state", "heartbeat_at"], name="export_job_state_idx")]

    def __str__(self) -> str:
        return f"{self.kind_label} ({self.options_key}) of revision {self.revision_id}"

    @property
    def kind_label(self) -> str:
        """ "PDF decision report"; the key itself for a kind no longer offered."""
        entry = exporter_get(self.kind)
        return entry.label if entry else self.kind

    @property
    def options_label(self) -> str:
        """The chosen options in words: "A4 paper"."""
        entry = exporter_get(self.kind)
        return entry.describe(self.options) if entry else self.options_key

    @property
    def step_label(self) -> str:
        return STEP_LABELS.get(self.step, "Working")

    @property
    def is_finished(self) -> bool:
        return self.state in (self.State.DONE, self.State.FAILED)
