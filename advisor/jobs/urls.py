"""Export routes; the project includes them at jobs/ (namespace "jobs")."""

from __future__ import annotations

from django.urls import path

from advisor.jobs import views

app_name = "jobs"

urlpatterns = [
    path("revisions/<int:revision_id>/exports/", views.export_panel, name="export_panel"),
    path("revisions/<int:revision_id>/exports/new/", views.export_create, name="export_create"),
    path("<int:job_id>/status/", views.export_status, name="export_status"),
    path("<int:job_id>/retry/", views.export_retry, name="export_retry"),
    path("<int:job_id>/download/", views.export_download, name="export_download"),
]
