"""The result page offers the architecture diagram as SVG, PNG and DOT, to whoever may read it."""

from __future__ import annotations

import pytest

from advisor.services import share_link_revoke
from tests.factories import make_assessment, make_share_link, make_user

pytestmark = pytest.mark.django_db

STARTS = {"svg": b"<?xml", "png": b"\x89PNG", "dot": b"digraph"}


@pytest.mark.parametrize("ext", ["svg", "png", "dot"])
def test_the_owner_downloads_the_diagram_in_each_format(client, ext):
    # given
    owner = make_user()
    assessment = make_assessment(owner)
    client.force_login(owner)

    # when
    response = client.get(f"/assessments/{assessment.pk}/revisions/1/diagram.{ext}")

    # then
    assert response.status_code == 200
    assert response.content.startswith(STARTS[ext])
    assert f"-architecture.{ext}" in response["Content-Disposition"]


def test_the_result_page_links_the_three_formats(client):
    # given
    owner = make_user()
    assessment = make_assessment(owner)
    client.force_login(owner)

    # when
    page = client.get(f"/assessments/{assessment.pk}/").content.decode()

    # then
    for ext in ("svg", "png", "dot"):
        assert f"/assessments/{assessment.pk}/revisions/1/diagram.{ext}" in page


def test_a_share_link_holder_downloads_it_and_a_revoked_link_does_not(client):
    # given
    link = make_share_link(make_assessment(make_user()))

    # when
    shared = client.get(f"/s/{link.token}/diagram.svg")
    share_link_revoke(share_link=link)
    revoked = client.get(f"/s/{link.token}/diagram.svg")

    # then
    assert shared.status_code == 200 and shared.content.startswith(b"<?xml")
    assert revoked.status_code == 404


def test_another_user_and_an_unknown_format_get_404(client):
    # given
    assessment = make_assessment(make_user("alice"))
    client.force_login(make_user("bob"))

    # when / then
    assert client.get(f"/assessments/{assessment.pk}/revisions/1/diagram.svg").status_code == 404
    client.force_login(assessment.owner)
    assert client.get(f"/assessments/{assessment.pk}/revisions/1/diagram.gif").status_code == 404
