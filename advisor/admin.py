"""Django admin for saved assessments, their revisions, share links and API tokens."""

from __future__ import annotations

from django.contrib import admin

from advisor.models import ApiToken, Assessment, AssessmentRevision, ShareLink


class RevisionInline(admin.TabularInline):
    model = AssessmentRevision
    extra = 0
    # Revisions are the record of what was saved: read them, never edit them here.
    readonly_fields = ("number", "answers", "created_at")
    can_delete = False


class ShareLinkInline(admin.TabularInline):
    model = ShareLink
    extra = 0
    readonly_fields = ("token", "created_at")


@admin.register(Assessment)
class AssessmentAdmin(admin.ModelAdmin):
    list_display = ("name", "owner", "created_at", "updated_at")
    search_fields = ("name", "owner__username")
    list_filter = ("created_at",)
    inlines = (RevisionInline, ShareLinkInline)


@admin.register(AssessmentRevision)
class AssessmentRevisionAdmin(admin.ModelAdmin):
    list_display = ("assessment", "number", "created_at")
    readonly_fields = ("assessment", "number", "answers", "created_at")
    search_fields = ("assessment__name",)


@admin.register(ShareLink)
class ShareLinkAdmin(admin.ModelAdmin):
    list_display = ("assessment", "created_at", "revoked_at")
    readonly_fields = ("token", "created_at")
    list_filter = ("revoked_at",)


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("user", "prefix", "created_at", "revoked_at")
    readonly_fields = ("key_sha256", "prefix", "created_at")
