"""Share links: the owner makes and revokes them; anyone with an active one reads the result."""

from __future__ import annotations

import pytest

from advisor.models import ShareLink
from advisor.services import assessment_revise, share_link_revoke
from tests.conftest import preset_answers
from tests.factories import make_assessment, make_share_link, make_user

pytestmark = pytest.mark.django_db


def test_the_owner_creates_a_link_that_opens_the_result_logged_out(client):
    # given
    owner = make_user()
    assessment = make_assessment(owner, "real-time-chat")
    client.force_login(owner)

    # when
    client.post(f"/assessments/{assessment.pk}/share/")
    link = ShareLink.objects.get(assessment=assessment)
    client.logout()
    response = client.get(f"/s/{link.token}/")

    # then
    page = response.content.decode()
    assert response.status_code == 200
    assert "Real-time chat" in page
    assert "Shared read-only" in page
    assert "Edit (new revision)" not in page
    assert "Create a link" not in page


def test_the_owner_creates_a_link_to_one_revision_that_keeps_showing_it(client):
    # given: an assessment saved twice
    owner = make_user()
    assessment = make_assessment(owner, "real-time-chat")
    assessment_revise(assessment=assessment, answers={**preset_answers("nightly-batch-job")})
    client.force_login(owner)

    # when
    response = client.post(f"/assessments/{assessment.pk}/share/", {"revision": "1"})
    link = ShareLink.objects.get(assessment=assessment)
    client.logout()
    page = client.get(f"/s/{link.token}/").content.decode()

    # then
    assert response.status_code == 302 and link.revision.number == 1
    assert "Real-time chat" in page and "Revision 1" in page
    assert "Nightly batch" not in page


def test_a_link_to_a_revision_that_does_not_exist_is_not_made(client):
    # given
    owner = make_user()
    assessment = make_assessment(owner)
    client.force_login(owner)

    # when
    response = client.post(f"/assessments/{assessment.pk}/share/", {"revision": "7"})

    # then
    assert response.status_code == 404
    assert not ShareLink.objects.exists()


@pytest.mark.parametrize("path", ["/jobs/revisions/{revision}/exports/?token={token}"])
def test_a_revoked_link_is_not_found(client, path):
    # given
    link = make_share_link(make_assessment(make_user()))
    share_link_revoke(share_link=link)
    revision = link.assessment.revisions.get()

    # when
    response = client.get(path.format(token=link.token, revision=revision.pk))

    # then
    assert response.status_code == 404


def test_a_revoked_link_says_it_was_revoked_not_that_it_belongs_to_someone_else(client):
    # given
    link = make_share_link(make_assessment(make_user()))
    share_link_revoke(share_link=link)

    # when
    response = client.get(f"/s/{link.token}/")

    # then
    page = response.content.decode()
    assert response.status_code == 410
    assert "has revoked the link" in page
    assert "another account" not in page and link.assessment.name not in page


def test_an_unknown_token_is_not_found(client):
    # given / when
    response = client.get("/s/not-a-real-token/")

    # then
    assert response.status_code == 404


def test_the_owner_revokes_a_link(client):
    # given
    owner = make_user()
    link = make_share_link(make_assessment(owner))
    client.force_login(owner)

    # when
    client.post(f"/assessments/{link.assessment_id}/share/{link.pk}/revoke/")

    # then
    link.refresh_from_db()
    assert link.revoked_at is not None


def test_someone_else_cannot_revoke_a_link(client):
    # given
    link = make_share_link(make_assessment(make_user("alice")))
    client.force_login(make_user("bob"))

    # when
    response = client.post(f"/assessments/{link.assessment_id}/share/{link.pk}/revoke/")

    # then
    assert response.status_code == 404
    link.refresh_from_db()
    assert link.revoked_at is None
