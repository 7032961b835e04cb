"""The result page's content, shared by the owner's view and the read-only share link."""

from __future__ import annotations

import functools
import hashlib
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from advisor.engine.results import Assessment as EngineAssessment
from advisor.engine.workload import Workload
from advisor.models import Assessment, AssessmentRevision, ShareLink
from advisor.pictures import ROOT, drawing_version, pictures_for, revision_scope, shared_changes
from advisor.render.charts import BREAK_EVEN_SIZE_PT, cost_breakdown_chart_size
from advisor.render.reasoning import design_choice_rows, score_steps
from advisor.render.result import cost_options, recommendation_groups
from advisor.selectors import RevisionNotEvaluableError, revision_evaluate


def result_response(
    request: HttpRequest,
    assessment: Assessment,
    revision: AssessmentRevision,
    extra: dict[str, Any],
) -> HttpResponse:
    """The result page; for saved answers that can no longer be evaluated, a page that says
    why, field by field (the owner can edit them from there). A share link's page comes
    with `extra["share"]`, which addresses its pictures for the link's routes."""
    try:
        context = result_context(assessment, revision, share=extra.get("share"))
    except RevisionNotEvaluableError as exc:
        context = {"assessment": assessment, "revision": revision, "problem": exc}
        return render(request, "advisor/result_unavailable.html", context | extra)
    return render(request, "advisor/result.html", context | extra)


def result_context(
    assessment: Assessment, revision: AssessmentRevision, *, share: ShareLink | None = None
) -> dict[str, Any]:
    """What the result page shows; its pictures are addressed for the owner's routes, or
    the share link's when `share` is given."""
    workload, result = revision_evaluate(revision)
    options = functools.cache(lambda: cost_options(result, workload))
    pictures = _picture_urls(assessment, revision, workload, result, share)
    return {
        "assessment": assessment,
        "revision": revision,
        "workload": workload,
        "result": result,
        # What only the sections the page keeps rendered read is worked out when they are
        # rendered (a template calls a callable it is given), so never on a repeat view.
        "options": options,
        "compared_options": functools.cache(lambda: [o for o in options() if o.compared]),
        "recommendation_groups": functools.cache(lambda: recommendation_groups(result)),
        "score_steps": functools.cache(lambda: score_steps(result.verdict)),
        "design_choices": functools.cache(lambda: design_choice_rows(result.design)),
        "changes": functools.cache(lambda: shared_changes(workload)),
        "offloaded_parts": [
            part.value.replace("_", " ") for part in result.verdict.offloaded_parts
        ],
        # Drawn once for every process and loaded after the page (lazy <img>): the page
        # itself never waits for graphviz or the charts.
        "pictures": pictures,
        "break_even_size": BREAK_EVEN_SIZE_PT,
        "breakdown_size": functools.cache(lambda: cost_breakdown_chart_size(result.costs)),
        "diagram_formats": ("svg", "png", "dot"),
        "sections_key": _sections_key(workload, pictures, assessment, revision, share),
        "sections_ttl": settings.CACHES[SECTIONS_CACHE].get("TIMEOUT"),
    }


# The page's sections from the reasons to what would change the verdict depend only on the
# revision's answers and the release: rendered once, kept in the cache every web process
# shares (as the engine's answer is), read back on a repeat view.
SECTIONS_CACHE = "results"
# Everything those sections are rendered from besides the answers: the engine and its
# knowledge (pictures.drawing_version), the code that words them, the templates.
_SECTIONS_SOURCES = ("advisor/**/*.py", "templates/**/*.html")


@functools.cache
def sections_version() -> str:
    """A digest of the release the sections were rendered by (read once per process)."""
    digest = hashlib.sha256(drawing_version().encode())
    for pattern in _SECTIONS_SOURCES:
        for path in sorted(ROOT.glob(pattern)):
            digest.update(path.relative_to(ROOT).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def _sections_key(
    workload: Workload,
    pictures: dict[str, str],
    assessment: Assessment,
    revision: AssessmentRevision,
    share: ShareLink | None,
) -> str:
    # The answers themselves, not only the revision's id: ids may be used again (a test
    # database rolled back), answers never read differently under one release. The
    # addresses (pictures, downloads) differ between the owner's page and a share link's.
    where = (assessment.pk, revision.number, share.token if share is not None else "")
    parts = (sections_version(), repr(workload), repr(sorted(pictures.items())), repr(where))
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def _picture_urls(
    assessment: Assessment,
    revision: AssessmentRevision,
    workload: Workload,
    result: EngineAssessment,
    share: ShareLink | None,
) -> dict[str, str]:
    """Each picture's URL by kind, with "-" read as "_" so templates can name them."""
    pictures = pictures_for(workload=workload, result=result, scope=revision_scope(revision))
    urls = {}
    for kind, picture in pictures.items():
        if share is not None:
            url = reverse("shared_picture", args=[share.token, picture.address])
        else:
            url = reverse(
                "assessment_picture", args=[assessment.pk, revision.number, picture.address]
            )
        urls[kind.replace("-", "_")] = url
    return urls
