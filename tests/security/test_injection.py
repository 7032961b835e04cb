"""Entered text never executes: XSS and template injection through the workload name on every
page that shows it (and in the SVG and the PDF's HTML), and hostile names in download file
names. Injection into the starter repo's YAML and Python and its archive paths is covered
by tests/render/test_scaffold.py (test_hostile_names_stay_inert_data and friends)."""

from __future__ import annotations

import datetime as dt
import re
from html.parser import HTMLParser
from xml.etree import ElementTree

import pytest
from django.test import Client
from django.urls import reverse

from advisor.jobs.services import export_job_request, export_job_run
from advisor.jobs.services import requesting as job_requesting
from advisor.render.report import report_html
from advisor.selectors import assessment_evaluate
from tests.conftest import load_workload, preset_answers
from tests.factories import as_post, make_assessment, make_share_link, make_user

pytestmark = pytest.mark.django_db

# Script, an event handler, an attribute break-out and Django template syntax, in 120 chars.
PAYLOAD = "<script>alert(1)</script><img src=x onerror=alert(2)>\"'><svg onload=alert(3)>{{ 7*7 }}{% debug %}"  # noqa: E501


class _Executable(HTMLParser):
    """Elements and attributes a browser would run."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "script" and not dict(attrs).get("src"):
            self.found.append("inline <script>")
        self.found += [f"<{tag} {name}>" for name, _ in attrs if name.startswith("on")]


def _executable(html: str) -> list[str]:
    parser = _Executable()
    parser.feed(html)
    return parser.found


@pytest.fixture
def hostile():
    owner = make_user("olivia")
    assessment = make_assessment(owner, name=PAYLOAD)
    client = Client()
    client.force_login(owner)
    return client, assessment


def _urls(assessment) -> dict[str, str]:
    revision = assessment.revisions.get()
    token = make_share_link(assessment).token
    return {
        "result": reverse("assessment_detail", args=[assessment.pk]),
        "list": reverse("assessment_list"),
        "search": reverse("assessment_list") + "?q=" + PAYLOAD,
        "edit": reverse("assessment_edit", args=[assessment.pk]),
        "delete": reverse("assessment_delete", args=[assessment.pk]),
        "compare": f"{reverse('compare')}?left={revision.pk}&right={revision.pk}",
        "shared": reverse("shared_result", args=[token]),
        "exports": reverse("jobs:export_panel", args=[revision.pk]),
    }


PAGES = ["result", "list", "search", "edit", "delete", "compare", "shared", "exports"]


@pytest.mark.parametrize("page", PAGES)
def test_a_hostile_name_is_shown_as_text_on_every_page(hostile, page):
    # given
    client, assessment = hostile

    # when
    html = client.get(_urls(assessment)[page]).content.decode()

    # then
    assert _executable(html) == []
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html or page == "exports"
    if page != "exports":  # the export panel names the revision, not the assessment
        assert "{{ 7*7 }}{% debug %}" in html  # template syntax shown, never evaluated


def test_the_live_panel_and_the_saved_message_echo_the_name_as_text(hostile):
    # given
    client, _ = hostile
    answers = as_post(preset_answers("api-for-a-mobile-app")) | {"name": PAYLOAD}

    # when
    live = client.post("/assess/", answers, HTTP_HX_REQUEST="true").content.decode()
    saved = client.post(reverse("questionnaire_save"), answers, follow=True).content.decode()

    # then
    assert _executable(live) == [] and _executable(saved) == []
    assert "<script>alert(1)" not in live + saved


def test_a_hostile_name_cannot_break_out_of_the_diagram_svg(hostile):
    # given
    client, assessment = hostile
    url = reverse("assessment_diagram", args=[assessment.pk, 1, "svg"])

    # when
    svg = client.get(url).content.decode()
    root = ElementTree.fromstring(svg)

    # then
    tags = {element.tag.rsplit("}", 1)[-1] for element in root.iter()}
    handlers = [name for e in root.iter() for name in e.attrib if name.startswith("on")]
    assert "script" not in tags and handlers == []
    assert PAYLOAD not in svg


def test_a_hostile_name_stays_text_in_the_pdf_reports_html():
    # given
    workload = load_workload(preset_answers("api-for-a-mobile-app") | {"name": PAYLOAD})

    # when
    html = report_html(
        workload=workload,
        assessment=assessment_evaluate(workload),
        generated_on=dt.date(2026, 1, 1),
    )

    # then
    assert _executable(html) == []
    assert "<script>alert(1)" not in html
    assert "</style><script" not in html  # the name also appears in the print CSS
    assert "{{ 7*7 }}" in html


HOSTILE_FILE_NAMES = [
    'quote" ; filename="evil.sh',
    "../../etc/passwd",
    "line\r\nX-Injected: 1",
    "..\\..\\windows\\system32",
    "Échange — 数据",
]


def _safe_disposition(header: str) -> bool:
    match = re.fullmatch(r'attachment; filename="([A-Za-z0-9._-]+)"', header)
    return bool(match) and ".." not in match[1]


@pytest.mark.parametrize("name", HOSTILE_FILE_NAMES, ids=range(len(HOSTILE_FILE_NAMES)))
def test_download_names_carry_no_quotes_newlines_or_paths(name, settings, tmp_path, monkeypatch):
    # given
    settings.MEDIA_ROOT = tmp_path
    monkeypatch.setattr(job_requesting, "export_job_publish", lambda *, job_id: True)
    owner = make_user("olivia")
    assessment = make_assessment(owner, name=name)
    job = export_job_request(revision=assessment.revisions.get(), kind="scaffold", options={})
    export_job_run(job_id=job.pk, worker="w1")
    client = Client()
    client.force_login(owner)

    # when
    export = client.get(reverse("jobs:export_download", args=[job.pk]))
    diagram = client.get(reverse("assessment_diagram", args=[assessment.pk, 1, "dot"]))

    # then
    assert export.status_code == 200
    assert _safe_disposition(export["Content-Disposition"]), export["Content-Disposition"]
    assert _safe_disposition(diagram["Content-Disposition"]), diagram["Content-Disposition"]
    job.refresh_from_db()
    assert job.artefact.path.startswith(str(tmp_path))
