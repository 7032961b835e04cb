"""Pictures served from their own addresses: drawn once into the shared cache, kept by
browsers, and readable only where the page they belong to is."""

from __future__ import annotations

import html
import re
import threading

import pytest
from django.test import Client

from advisor import pictures
from advisor.engine import evaluate
from advisor.forms import WorkloadForm
from advisor.render import charts, diagram
from advisor.services import share_link_revoke
from tests.conftest import load_workload, preset_answers
from tests.factories import as_post, make_assessment, make_share_link, make_user

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shared_caches")]

_IMG = re.compile(r'<img\b[^>]*\bsrc="([^"]+)"[^>]*>')


def _images(page: bytes) -> list[str]:
    return [html.unescape(src) for src in _IMG.findall(page.decode())]


@pytest.fixture
def owner_client(client):
    owner = make_user()
    client.force_login(owner)
    client.owner = owner
    return client


def _draws(monkeypatch) -> list[str]:
    """Counts the drawings made (each process's own caches cleared first)."""
    drawn: list[str] = []
    for kind, entry in pictures.PICTURE_KINDS.items():
        monkeypatch.setitem(
            pictures.PICTURE_KINDS,
            kind,
            pictures.PictureKind(
                drawn_from=entry.drawn_from,
                draw=lambda w, r, kind=kind, draw=entry.draw: drawn.append(kind) or draw(w, r),
            ),
        )
    diagram.diagram_svg.cache_clear()
    charts._break_even_chart_svg.cache_clear()
    charts._cost_breakdown_chart_svg.cache_clear()
    return drawn


def test_the_result_page_links_its_pictures_lazily_instead_of_drawing_them(owner_client):
    # given
    assessment = make_assessment(owner_client.owner, "real-time-chat")

    # when
    page = owner_client.get(f"/assessments/{assessment.pk}/").content

    # then
    tags = re.findall(r"<img\b[^>]*>", page.decode())
    images = _images(page)
    assert [src.split("/pictures/")[1].split(".")[0] for src in images] == [
        "break-even",
        "breakdown",
        "diagram",
    ]
    assert all(f"/assessments/{assessment.pk}/revisions/1/pictures/" in src for src in images)
    assert all(
        'loading="lazy"' in tag and 'alt="' in tag
        for tag in re.findall(r"<img[^>]*>", page.decode())
    )
    assert len(tags) == 3
    assert b"<svg" not in page


def test_the_owner_gets_each_picture_once_drawn_and_then_a_304(owner_client):
    # given
    assessment = make_assessment(owner_client.owner)
    images = _images(owner_client.get(f"/assessments/{assessment.pk}/").content)

    # when
    first = [owner_client.get(src) for src in images]
    again = [
        owner_client.get(src, HTTP_IF_NONE_MATCH=response["ETag"])
        for src, response in zip(images, first, strict=True)
    ]

    # then
    for response in first:
        assert response.status_code == 200
        assert response["Content-Type"] == "image/svg+xml"
        assert (
            b"<svg" in response.content
            and b'xmlns="http://www.w3.org/2000/svg"' in response.content
        )
        assert response["Cache-Control"] == "private, max-age=31536000, immutable"
        assert re.fullmatch(r'"[0-9a-f]{32}"', response["ETag"])
    assert [r.status_code for r in again] == [304, 304, 304]


def test_a_picture_is_drawn_once_for_every_process(owner_client, monkeypatch):
    # given: a first request draws and keeps each picture
    assessment = make_assessment(owner_client.owner)
    images = _images(owner_client.get(f"/assessments/{assessment.pk}/").content)
    drawn = _draws(monkeypatch)
    first = [owner_client.get(src).content for src in images]

    # when: another process (its own caches empty) is asked for them
    _draws(monkeypatch).clear()
    again = [owner_client.get(src).content for src in images]

    # then
    assert sorted(drawn) == ["break-even", "breakdown", "diagram"]
    assert again == first


def test_a_revisions_engine_answer_is_computed_once_for_every_process(owner_client, monkeypatch):
    # given: the first view computes the engine's answer and shares it
    assessment = make_assessment(owner_client.owner)
    computed = []
    evaluate_now = pictures.evaluate
    monkeypatch.setattr(pictures, "evaluate", lambda w: computed.append(w) or evaluate_now(w))
    pictures.shared_evaluate.cache_clear()
    owner_client.get(f"/assessments/{assessment.pk}/")

    # when: another process (nothing in its own memory) shows the page and its pictures
    pictures.shared_evaluate.cache_clear()
    page = owner_client.get(f"/assessments/{assessment.pk}/")
    pictures.shared_evaluate.cache_clear()
    drawn = [owner_client.get(src).status_code for src in _images(page.content)]

    # then
    assert page.status_code == 200
    assert drawn == [200, 200, 200]
    assert len(computed) == 1


def test_strangers_anonymous_visitors_and_other_pages_get_nothing(owner_client):
    # given
    assessment = make_assessment(owner_client.owner)
    images = _images(owner_client.get(f"/assessments/{assessment.pk}/").content)
    stranger = make_user("bob")
    own = make_assessment(stranger)
    bob = Client()
    bob.force_login(stranger)

    # when
    direct = [bob.get(src).status_code for src in images]
    # the same address under bob's own assessment: the tag binds it to alice's revision
    moved = [
        bob.get(src.replace(f"/assessments/{assessment.pk}/", f"/assessments/{own.pk}/"))
        for src in images
    ]
    anonymous = [Client().get(src).status_code for src in images]

    # then
    assert direct == [404, 404, 404]
    assert [r.status_code for r in moved] == [404, 404, 404]
    assert anonymous == [302, 302, 302]


def test_a_guessed_or_altered_address_is_not_found(owner_client):
    # given
    assessment = make_assessment(owner_client.owner)
    src = _images(owner_client.get(f"/assessments/{assessment.pk}/").content)[0]
    kind, key, tag, _ = src.rsplit("/", 1)[1].split(".")
    base = src.rsplit("/", 1)[0]

    # when
    statuses = [
        owner_client.get(f"{base}/{kind}.{key}.{'0' * 16}.svg").status_code,
        owner_client.get(f"{base}/{kind}.{'0' * 32}.{tag}.svg").status_code,
        owner_client.get(f"{base}/diagram.{key}.{tag}.svg").status_code,
        owner_client.get(f"{base}/{kind}.{key}.{tag}.png").status_code,
    ]

    # then
    assert statuses == [404, 404, 404, 404]


def test_a_share_link_opens_its_pictures_until_it_is_revoked(client):
    # given
    link = make_share_link(make_assessment(make_user()))
    images = _images(client.get(f"/s/{link.token}/").content)

    # when
    shared = [client.get(src) for src in images]
    share_link_revoke(share_link=link)
    revoked = [client.get(src).status_code for src in images]

    # then
    assert all(src.startswith(f"/s/{link.token}/pictures/") for src in images)
    assert [r.status_code for r in shared] == [200, 200, 200]
    assert {r["Cache-Control"] for r in shared} == {"public, max-age=3600"}
    assert revoked == [404, 404, 404]


def test_the_live_panel_diagram_keeps_its_address_while_the_design_does_not_change(client):
    # given
    answers = as_post(preset_answers("api-for-a-mobile-app"))

    # when
    first = client.post("/assess/", answers, HTTP_HX_REQUEST="true")
    # (At 41.5 req/s the design would change: a load balancer would front the functions.)
    retyped = client.post("/assess/", answers | {"avg_rps": "27.5"}, HTTP_HX_REQUEST="true")
    src = _images(first.content)[0]
    drawn = client.get(src)
    cached = client.get(src.split("?")[0])  # drawn once: no answers needed any more

    # then
    assert src.split("?")[0] == _images(retyped.content)[0].split("?")[0]
    assert drawn.status_code == cached.status_code == 200
    assert drawn["Cache-Control"] == "public, max-age=31536000, immutable"
    assert cached.content == drawn.content


def test_the_live_panel_diagram_keeps_its_address_when_only_undrawn_figures_change(client):
    # given: a chat with a steady load (its peaks at known hours, so its warm functions
    # follow a schedule) whose busy hours move with the typed rate; the diagram does not
    # print them
    answers = as_post(preset_answers("real-time-chat")) | {"traffic_pattern": "steady"}
    retyped_answers = answers | {"avg_rps": "32"}
    designs = [
        evaluate(WorkloadForm(data=posted).workload()).architecture
        for posted in (answers, retyped_answers)
    ]
    assert designs[0] != designs[1]

    # when
    first = client.post("/assess/", answers, HTTP_HX_REQUEST="true")
    retyped = client.post("/assess/", retyped_answers, HTTP_HX_REQUEST="true")

    # then: one address, so one drawing for both and the browser keeps it
    first_diagram, retyped_diagram = (_images(page.content)[0] for page in (first, retyped))
    assert first_diagram.split("?")[0] == retyped_diagram.split("?")[0]


def test_once_drawn_the_live_diagram_is_linked_without_the_answers(client):
    # given: the live panel's diagram, drawn once (by whoever asked first)
    answers = as_post(preset_answers("api-for-a-mobile-app"))
    first = _images(client.post("/assess/", answers, HTTP_HX_REQUEST="true").content)[0]
    assert "?" in first  # nobody has drawn it: the answers ride along
    assert client.get(first).status_code == 200

    # when: typing goes on; another visitor types the same design
    retyped = [
        _images(
            visitor.post("/assess/", answers | {"avg_rps": rate}, HTTP_HX_REQUEST="true").content
        )[0]
        for visitor, rate in ((client, "24"), (client, "26.5"), (Client(), "22"))
    ]

    # then: one bare address for everyone, which a browser that holds it does not ask for again
    assert retyped == [first.split("?")[0]] * 3
    assert client.get(retyped[0]).content == client.get(first).content


def test_two_processes_drawing_the_same_picture_at_once_keep_one_whole_copy():
    # given
    workload_answers = preset_answers("real-time-chat")

    workload = load_workload(workload_answers)
    result = evaluate(workload)
    picture = pictures.pictures_for(workload=workload, result=result, scope="live")["diagram"]
    got: list[str | None] = []

    def draw() -> None:
        diagram.diagram_svg.cache_clear()
        got.append(
            pictures.picture_svg(kind="diagram", key=picture.key, inputs=lambda: (workload, result))
        )

    # when
    threads = [threading.Thread(target=draw) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    # then
    kept = pictures.picture_svg(kind="diagram", key=picture.key, inputs=lambda: 1 / 0)
    assert kept is not None and kept.rstrip().endswith("</svg>")
    assert got == [kept] * 4
