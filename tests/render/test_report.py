"""The PDF decision report: what it says (read back with pypdf) and how it is built."""

from __future__ import annotations

import datetime as dt
import functools
import io
import math
import re
import subprocess
import xml.etree.ElementTree as ET

import pytest
from pypdf import PdfReader
from pypdf.generic import IndirectObject

from advisor.engine import evaluate
from advisor.exports.pdf_report import EXPORTER as PDF
from advisor.render.diagram import diagram_svg
from advisor.render.icons import ICON_PIXELS
from advisor.render.report import SECTIONS, report_context, report_html, usd
from tests.conftest import PRESET_NAMES, load_workload, preset_answers

GENERATED_ON = dt.date(2026, 11, 27)
A4_POINTS = (595.28, 841.89)
LETTER_POINTS = (612.0, 792.0)


@functools.cache
def _rendered(preset: str, paper: str = "a4") -> tuple[bytes, object, object]:
    """One PDF per preset and paper for the whole module: rendering takes seconds."""
    workload = load_workload(preset_answers(preset))
    assessment = evaluate(workload)
    pdf = PDF.build(
        workload=workload,
        assessment=assessment,
        options={"paper": paper},
        generated_on=GENERATED_ON,
    )
    return pdf, workload, assessment


def _reader(preset: str, paper: str = "a4") -> PdfReader:
    return PdfReader(io.BytesIO(_rendered(preset, paper)[0]))


@functools.cache
def _squashed_text(preset: str) -> str:
    """The PDF's text with whitespace and hyphens removed, so line breaks cannot split a
    match (pdftotext joins a word hyphenated at a line's end: "fan-" "out" reads "fanout").
    Read by poppler's pdftotext (poppler-utils, which `make install` installs): a 25-page
    report in 0.2 s, where pypdf takes 5 s of CPU."""
    done = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-", "-"],
        input=_rendered(preset)[0],
        capture_output=True,
        check=True,
        timeout=60,
    )
    return _squash(done.stdout.decode("utf-8"))


def _squash(text: str) -> str:
    return re.sub(r"[\s-]+", "", text)


def _resolve(value):
    return value.get_object() if isinstance(value, IndirectObject) else value


def _xobjects(resources) -> list:
    """Every XObject of a resource dictionary, including those nested in form XObjects."""
    found = []
    xobjects = _resolve(_resolve(resources or {}).get("/XObject", {}))
    for ref in xobjects.values():
        xobject = _resolve(ref)
        found.append(xobject)
        if xobject.get("/Subtype") == "/Form":
            found += _xobjects(xobject.get("/Resources"))
    return found


def _fonts(resources) -> list:
    resources = _resolve(resources or {})
    fonts = [_resolve(f) for f in _resolve(resources.get("/Font", {})).values()]
    for xobject in _xobjects(resources):
        if xobject.get("/Subtype") == "/Form":
            fonts += _fonts(xobject.get("/Resources"))
    return fonts


@pytest.mark.parametrize("preset", PRESET_NAMES)
def test_the_report_states_the_verdict_and_every_fired_rule(preset):
    # given
    _, _, assessment = _rendered(preset)
    verdict = assessment.verdict

    # when
    text = _squashed_text(preset)

    # then
    assert _squash(verdict.fit.label) in text
    assert _squash(f"score {verdict.score}/100") in text
    for hit in verdict.reasons + verdict.recommendations:
        assert _squash(hit.rule) in text, hit.rule
        assert _squash(hit.message) in text, hit.rule


@pytest.mark.parametrize("preset", PRESET_NAMES)
def test_the_report_quotes_each_options_total_as_the_engine_computed_it(preset):
    # given
    _, _, assessment = _rendered(preset)
    costs = assessment.costs

    # when
    text = _squashed_text(preset)

    # then
    for estimate in tuple(option.estimate for option in costs.options):
        assert _squash(usd(estimate.monthly_usd)) in text


@pytest.mark.parametrize("preset", PRESET_NAMES)
def test_the_report_has_every_section_in_text_and_in_the_outline(preset):
    # given
    reader = _reader(preset)

    # when
    text = _squashed_text(preset)
    outline = [item.title for item in reader.outline if not isinstance(item, list)]

    # then
    for number, (_, title) in enumerate(SECTIONS, start=1):
        assert _squash(title) in text
        assert f"{number}. {title}" in outline


@pytest.mark.parametrize("preset", PRESET_NAMES)
def test_page_count_is_sane_for_each_preset(preset):
    # when
    pages = len(_reader(preset).pages)

    # then: a cover, eight sections, the cost lines of three options and the lines they
    # share, and the sources of every price (the chat's WebSocket design: 27 pages since
    # its fleets' network, table capacity, repeated events and the records' own capacity
    # are design choices with their sources); more than 28 pages is a layout fault
    assert 6 <= pages <= 28


@pytest.mark.parametrize("preset", PRESET_NAMES)
def test_diagram_and_charts_are_vector_drawings_not_bitmaps(preset):
    # given
    reader = _reader(preset)

    # when
    xobjects = [x for page in reader.pages for x in _xobjects(page.get("/Resources"))]
    images = [x for x in xobjects if x.get("/Subtype") == "/Image"]
    forms = [x for x in xobjects if x.get("/Subtype") == "/Form"]

    # then: the only bitmaps are the diagram's small service icons
    assert forms, "the pictures are drawn as form XObjects"
    assert all(int(image["/Width"]) <= ICON_PIXELS for image in images)
    assert all(int(image["/Height"]) <= ICON_PIXELS for image in images)


def _node_texts(svg: str) -> set[str]:
    """The text lines inside the diagram's nodes."""
    ns = "{http://www.w3.org/2000/svg}"
    nodes = (g for g in ET.fromstring(svg).iter(f"{ns}g") if g.get("class") == "node")
    return {text.text.strip() for node in nodes for text in node.iter(f"{ns}text") if text.text}


def _printed_points(reader: PdfReader, texts: set[str]) -> list[float]:
    """The size on the page of each run of `texts`: its font size times the scale of the
    text matrix and of the transformation matrix it is drawn under (the diagram's fit)."""
    sizes = []

    def visit(text, cm, tm, _font, font_size):
        if text.strip() in texts:
            a = tm[0] * cm[0] + tm[1] * cm[2]
            b = tm[0] * cm[1] + tm[1] * cm[3]
            c = tm[2] * cm[0] + tm[3] * cm[2]
            d = tm[2] * cm[1] + tm[3] * cm[3]
            sizes.append(font_size * math.sqrt(abs(a * d - b * c)))

    # Only the pages with pictures (form XObjects): the diagram is one, and walking the text
    # of all 25 pages costs seconds.
    for page in reader.pages:
        if any(x.get("/Subtype") == "/Form" for x in _xobjects(page.get("/Resources"))):
            page.extract_text(visitor_text=visit)
    return sizes


@pytest.mark.parametrize(
    ("preset", "paper"),
    [(preset, "a4") for preset in PRESET_NAMES]
    # The narrower paper, for the two largest designs (22 and 20 components)
    + [("real-time-chat", "letter"), ("video-processing-pipeline", "letter")],
)
def test_the_diagram_prints_its_node_text_at_6_pt_or_more_on_the_page(preset, paper):
    # given: the text of the diagram's nodes, as the report draws it
    _, _, assessment = _rendered(preset, paper)
    texts = _node_texts(diagram_svg(assessment.architecture, layout="compact"))

    # when: measured in the PDF itself
    printed = _printed_points(_reader(preset, paper), texts)

    # then
    assert len(printed) >= len(texts)
    assert min(printed) >= 6


def test_the_diagram_labels_are_real_text(realtime_chat):
    # given: a label drawn by graphviz inside the diagram
    labels = ("WebSocket frames", "fetches signing keys (JWKS)")

    # when
    text = _squashed_text("real-time-chat")

    # then
    for label in labels:
        assert _squash(label) in text


@pytest.mark.parametrize("preset", PRESET_NAMES)
def test_every_font_is_embedded(preset):
    # given
    reader = _reader(preset)

    # when
    fonts = [font for page in reader.pages for font in _fonts(page.get("/Resources"))]
    descriptors = [
        _resolve(_resolve(font["/DescendantFonts"])[0])["/FontDescriptor"]
        if "/DescendantFonts" in font
        else font.get("/FontDescriptor")
        for font in fonts
    ]

    # then
    assert fonts
    for descriptor in descriptors:
        descriptor = _resolve(descriptor)
        assert {"/FontFile", "/FontFile2", "/FontFile3"} & set(descriptor)
    names = {str(_resolve(d)["/FontName"]).replace("-", "") for d in descriptors}
    assert any("DejaVuSans" in name for name in names)
    assert any("DejaVuSerif" in name for name in names)


@pytest.mark.parametrize(
    ("paper", "points"),
    [("a4", A4_POINTS), ("letter", LETTER_POINTS)],
)
def test_the_paper_sets_the_page_size(paper, points):
    # when
    first_page = _reader("nightly-batch-job", paper).pages[0]

    # then
    width, height = float(first_page.mediabox.width), float(first_page.mediabox.height)
    assert (width, height) == pytest.approx(points, abs=0.5)


def test_the_metadata_names_title_author_and_subject():
    # given
    _, workload, assessment = _rendered("api-for-a-mobile-app")

    # when
    metadata = _reader("api-for-a-mobile-app").metadata

    # then
    assert workload.name in metadata.title
    assert metadata.author == "Serverless Architecture Advisor"
    assert assessment.verdict.fit.label in metadata.subject


def test_the_table_of_contents_links_to_each_section():
    # given
    cover = _reader("api-for-a-mobile-app").pages[0]

    # when
    links = [_resolve(a) for a in cover.get("/Annots", []) if _resolve(a)["/Subtype"] == "/Link"]

    # then
    assert len(links) >= len(SECTIONS)


def test_a_page_size_that_is_not_a_css_keyword_is_refused(mobile_api):
    # given
    assessment = evaluate(mobile_api)

    # when / then
    with pytest.raises(ValueError, match="page_size"):
        report_html(
            workload=mobile_api,
            assessment=assessment,
            page_size="A4; } body { color: red",
            generated_on=GENERATED_ON,
        )


@pytest.mark.parametrize(
    ("preset", "limit", "exceeded"),
    [
        ("api-for-a-mobile-app", "Run time per invocation", False),
        ("video-processing-pipeline", "Run time per invocation", True),
        ("video-processing-pipeline", "Memory per function", False),
        ("nightly-batch-job", "GPU", False),
    ],
)
def test_hard_limits_are_marked_for_the_workload(preset, limit, exceeded):
    # given
    workload = load_workload(preset_answers(preset))

    # when
    context = report_context(
        workload=workload, assessment=evaluate(workload), generated_on=GENERATED_ON
    )

    # then
    rows = {row["what"]: row for row in context["limits"]}
    assert rows[limit]["exceeded"] is exceeded


def test_a_gpu_workload_exceeds_the_gpu_limit_and_lists_the_offloaded_part():
    # given
    workload = load_workload({**preset_answers("api-for-a-mobile-app"), "gpu_required": True})

    # when
    context = report_context(
        workload=workload, assessment=evaluate(workload), generated_on=GENERATED_ON
    )

    # then
    assert {row["what"]: row["exceeded"] for row in context["limits"]}["GPU"] is True
    assert any(risk["kind"] == "runs elsewhere" for risk in context["risks"])


@pytest.mark.parametrize(
    ("answers", "title", "status"),
    [
        ({"auth": "jwt"}, "JWT validated at the API gateway", "done"),
        ({"auth": "public"}, "Public API: decide who may call it", "team"),
        ({"sensitive_data": False}, "Customer-managed KMS keys for data at rest", "not_needed"),
        (
            {"sensitive_data": True},
            "Customer-managed KMS key for personal or regulated data",
            "done",
        ),
    ],
)
def test_security_checklist_follows_the_architecture(answers, title, status):
    # given
    workload = load_workload({**preset_answers("api-for-a-mobile-app"), **answers})

    # when
    context = report_context(
        workload=workload, assessment=evaluate(workload), generated_on=GENERATED_ON
    )

    # then
    items = {item["title"]: item["status"] for item in context["security_checklist"]}
    assert items[title] == status


def test_the_generation_date_is_the_one_passed_in():
    # when
    text = _squashed_text("nightly-batch-job")

    # then
    assert _squash(f"Generated {GENERATED_ON.isoformat()}") in text


# --- SVG text drawn run by run (speed) ------------------------------------------------------

PLAIN_AND_ROTATED_SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="60">'
    '<text x="10" y="20" font-family="DejaVu Sans">Hello world</text>'
    '<text x="10" y="40" rotate="10" font-family="DejaVu Sans">Tilted</text></svg>'
)


def _content_streams(pdf: bytes) -> bytes:
    reader = PdfReader(io.BytesIO(pdf))
    data = b""
    for page in reader.pages:
        data += page.get_contents().get_data()
        forms = [x for x in _xobjects(page.get("/Resources")) if x.get("/Subtype") == "/Form"]
        data += b"".join(form.get_data() for form in forms)
    return data


def test_plain_svg_text_is_drawn_as_one_run_and_per_letter_text_letter_by_letter():
    # given: the drawer the report installs on the pinned WeasyPrint
    from weasyprint import HTML

    from advisor.render.report import svg_text

    assert svg_text.install()
    page = f"<img src='data:image/svg+xml,{PLAIN_AND_ROTATED_SVG}'>"

    # when
    pdf = HTML(string=page).write_pdf()

    # then: one text-showing operator for "Hello world", one per letter of "Tilted"
    assert _content_streams(pdf).count(b"TJ") == 1 + len("Tilted")
    text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert "Hello world" in text and "Tilted" in text


def test_installing_the_svg_text_drawer_twice_changes_nothing():
    # given
    from weasyprint import svg

    from advisor.render.report import svg_text

    svg_text.install()
    drawer = svg.TAGS["text"]

    # when
    installed = svg_text.install()

    # then
    assert installed
    assert svg.TAGS["text"] is drawer is svg.text


def test_a_report_is_the_same_pdf_after_other_reports_in_the_process():
    # given: the process keeps report.css parsed and the fonts loaded between reports;
    # the cached module-wide render comes first, another design's report after it
    first, workload, assessment = _rendered("api-for-a-mobile-app")
    _rendered("real-time-chat")

    # when: the same report again, with everything the other reports left behind
    again = PDF.build(
        workload=workload,
        assessment=assessment,
        options={"paper": "a4"},
        generated_on=GENERATED_ON,
    )

    # then: byte for byte the same document, fonts and styles included
    assert again == first
