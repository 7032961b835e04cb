"""URL routes."""

from __future__ import annotations

from django.contrib import admin
from django.urls import path

from advisor import views

urlpatterns = [
    path("", views.start, name="start"),
    path("admin/", admin.site.urls),
]
