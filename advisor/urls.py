"""URL routes."""

from __future__ import annotations

from django.contrib import admin
from django.urls import include, path

from advisor.api import api
from advisor.views import (
    accounts,
    assessments,
    diagrams,
    pages,
    pictures,
    questionnaire,
    sharing,
)

urlpatterns = [
    path("", pages.start, name="start"),
    path("assess/", questionnaire.questionnaire, name="questionnaire"),
    path("assess/save/", questionnaire.questionnaire_save, name="questionnaire_save"),
    path("assess/pictures/<str:address>", pictures.live_picture, name="live_picture"),
    path("assessments/", assessments.assessment_list_view, name="assessment_list"),
    path("assessments/<int:id>/", assessments.assessment_detail, name="assessment_detail"),
    path(
        "assessments/<int:id>/revisions/<int:number>/",
        assessments.assessment_detail,
        name="assessment_revision",
    ),
    path(
        "assessments/<int:id>/revisions/<int:number>/diagram.<str:ext>",
        diagrams.assessment_diagram,
        name="assessment_diagram",
    ),
    path(
        "assessments/<int:id>/revisions/<int:number>/pictures/<str:address>",
        pictures.assessment_picture,
        name="assessment_picture",
    ),
    path("assessments/<int:id>/edit/", assessments.assessment_edit, name="assessment_edit"),
    path(
        "assessments/<int:id>/duplicate/",
        assessments.assessment_duplicate_view,
        name="assessment_duplicate",
    ),
    path(
        "assessments/<int:id>/delete/",
        assessments.assessment_delete_view,
        name="assessment_delete",
    ),
    path("assessments/<int:id>/share/", sharing.share_link_create_view, name="share_create"),
    path(
        "assessments/<int:id>/share/<int:link_id>/revoke/",
        sharing.share_link_revoke_view,
        name="share_revoke",
    ),
    path("compare/", assessments.compare, name="compare"),
    path("s/<str:token>/", sharing.shared_result, name="shared_result"),
    path("s/<str:token>/diagram.<str:ext>", diagrams.shared_diagram, name="shared_diagram"),
    path("s/<str:token>/pictures/<str:address>", pictures.shared_picture, name="shared_picture"),
    path("accounts/signup/", accounts.signup, name="signup"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("account/api-tokens/", accounts.api_tokens, name="api_tokens"),
    path("account/api-tokens/new/", accounts.api_token_create_view, name="api_token_create"),
    path(
        "account/api-tokens/<int:token_id>/revoke/",
        accounts.api_token_revoke_view,
        name="api_token_revoke",
    ),
    path("api/v1/", api.urls),
    path("jobs/", include("advisor.jobs.urls")),
    path("admin/", admin.site.urls),
]
