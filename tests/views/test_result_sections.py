"""The result page's sections are rendered once per revision and kept for every process:
a repeat view shows the same page without working them out again, and a share link's page
never shows the owner's addresses (or the other way round)."""

from __future__ import annotations

import html
import re

import pytest

from advisor.views import result as result_view
from tests.factories import make_assessment, make_share_link, make_user

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shared_caches")]

_SECTIONS = re.compile(r'<section id="reasons".*?<section id="exports"', re.S)
_IMG = re.compile(r'<img\b[^>]*\bsrc="([^"]+)"')


def _sections(response) -> str:
    assert response.status_code == 200
    return _SECTIONS.search(response.content.decode())[0]


def test_a_repeat_view_shows_the_same_sections_without_working_them_out(client, monkeypatch):
    owner = make_user()
    client.force_login(owner)
    assessment = make_assessment(owner)
    url = f"/assessments/{assessment.pk}/"
    worked_out = []
    cost_options = result_view.cost_options
    monkeypatch.setattr(
        result_view, "cost_options", lambda *a, **k: worked_out.append(1) or cost_options(*a, **k)
    )

    first = _sections(client.get(url))
    again = _sections(client.get(url))

    assert again == first
    assert "Monthly cost compared" in first and "What would change the verdict" in first
    assert len(worked_out) == 1


def test_a_share_links_page_addresses_its_own_pictures(client):
    owner = make_user()
    client.force_login(owner)
    assessment = make_assessment(owner)
    owners = _sections(client.get(f"/assessments/{assessment.pk}/"))
    link = make_share_link(assessment)
    client.logout()

    shared = _sections(client.get(f"/s/{link.token}/"))

    assert shared != owners
    pictures = [html.unescape(src) for src in _IMG.findall(shared)]
    assert pictures and all(src.startswith(f"/s/{link.token}/") for src in pictures)
