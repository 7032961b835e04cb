from __future__ import annotations

from django.contrib import admin

from advisor.jobs.models import ExportJob


@admin.register(ExportJob)
class ExportJobAdmin(admin.ModelAdmin):
    list_display = ("id", "revision", "kind", "options_key", "state", "progress", "attempts")
    list_filter = ("state", "kind")
    readonly_fields = ("created_at", "enqueued_at", "started_at", "heartbeat_at", "finished_at")
