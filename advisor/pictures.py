"""The pictures a page shows (architecture diagram, cost charts), drawn once for every web
process and served from addresses of their own; and the engine's answer for a saved
revision, which they are drawn from, likewise computed once for every web process.

A picture's key is a keyed hash (HMAC with the secret key) of what it draws and of the
code and knowledge that draw it, so the same drawing has the same key in every process
and a new release never serves an old drawing. Its SVG is kept under that key in the
shared picture cache (`settings.CACHES["pictures"]`: files by default, Redis in
production). A page links it as `KIND.KEY.TAG.svg`, where TAG is a second keyed hash that
binds the key to the page's scope (one saved revision, or the live panel): the view
checks who may read that scope first, then the tag, so a key seen once on another page, or
guessed, opens nothing. The address changes whenever the drawing does, so browsers and
proxies may keep the answer for good.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.cache import caches

from advisor.engine import evaluate
from advisor.engine.results import Assessment as EngineAssessment
from advisor.engine.results import Threshold
from advisor.engine.workload import Workload
from advisor.models import AssessmentRevision
from advisor.render.charts import break_even_chart_svg, cost_breakdown_chart_svg
from advisor.render.diagram import build_diagram, diagram_svg
from advisor.render.reasoning import what_would_change

ROOT = Path(__file__).resolve().parent.parent
# What a drawing depends on besides its inputs: the engine (which computes the curves and
# the design), the renderers, and the knowledge they read.
DRAWING_SOURCES = (
    "advisor/engine/**/*.py",
    "advisor/render/charts/*.py",
    "advisor/render/svg_canvas.py",
    "advisor/render/diagram.py",
    "advisor/render/icons.py",
    "knowledge/**/*.yaml",  # all of it: a needless new key now and then costs one drawing
)
KEY_CHARS, TAG_CHARS = 32, 16  # hex: 128 and 64 bits, beyond guessing
_ADDRESS = re.compile(rf"^([a-z-]+)\.([0-9a-f]{{{KEY_CHARS}}})\.([0-9a-f]{{{TAG_CHARS}}})\.svg$")

Inputs = tuple[Workload, EngineAssessment]
LIVE_SCOPE = "live"  # the live panel's pictures: anyone may draw any answers


def revision_scope(revision: AssessmentRevision) -> str:
    """A saved revision's pictures: readable where the revision is (owner, share link)."""
    return f"revision:{revision.pk}"


@dataclass(frozen=True)
class PictureKind:
    """One kind of picture: what its key is made from, and how it is drawn."""

    drawn_from: Callable[[Workload, EngineAssessment], object]
    draw: Callable[[Workload, EngineAssessment], str]


# The diagram's key is the diagram as data (its nodes, labels and arrows), not the design:
# workloads whose designs differ only in figures the drawing does not print (typing a new
# rate moves a function's busy hours) share one drawing, so one layout serves them all.
PICTURE_KINDS: dict[str, PictureKind] = {
    "diagram": PictureKind(
        drawn_from=lambda workload, result: build_diagram(result.architecture, layout="compact"),
        draw=lambda workload, result: diagram_svg(result.architecture, layout="compact"),
    ),
    "break-even": PictureKind(
        drawn_from=lambda workload, result: workload,
        draw=lambda workload, result: break_even_chart_svg(workload, result.costs),
    ),
    "breakdown": PictureKind(
        drawn_from=lambda workload, result: workload,
        draw=lambda workload, result: cost_breakdown_chart_svg(result.costs),
    ),
}


@dataclass(frozen=True)
class Picture:
    kind: str
    key: str
    address: str  # the last part of its URL: KIND.KEY.TAG.svg


@functools.cache
def drawing_version() -> str:
    """A digest of every file a drawing depends on (read once per process)."""
    digest = hashlib.sha256()
    for pattern in DRAWING_SOURCES:
        for path in sorted(ROOT.glob(pattern)):
            digest.update(path.relative_to(ROOT).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


@functools.lru_cache(maxsize=512)
def shared_evaluate(workload: Workload) -> EngineAssessment:
    """The engine's answer for a saved revision's workload: from this process's memory,
    else from the cache every web process shares, else computed and put there (a few
    milliseconds of engine against a fraction of one to read it back). The live panel does
    not come here: each keystroke is a workload nobody asks for again."""
    return _shared("assessment", workload, lambda: evaluate(workload))


@functools.lru_cache(maxsize=512)
def shared_changes(workload: Workload) -> tuple[Threshold, ...]:
    """What would change a saved revision's verdict, cost drivers included: each driver
    prices the design again a few dozen times, so it is worked out once for everyone."""
    return _shared(
        "changes",
        workload,
        lambda: tuple(what_would_change(workload, shared_evaluate(workload))),
    )


def _shared(kind: str, workload: Workload, compute: Callable[[], Any]) -> Any:
    key = hashlib.sha256(f"{kind}\x1f{drawing_version()}\x1f{workload!r}".encode()).hexdigest()
    store = caches["results"]
    result = store.get(key)
    if result is None:
        result = compute()
        store.set(key, result)
    return result


def _mac(*parts: str) -> str:
    message = "\x1f".join(parts).encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()


def picture_key(kind: str, workload: Workload, result: EngineAssessment) -> str:
    # The engine's results are frozen dataclasses of numbers, text, enums and tuples: their
    # repr is the same in every process (checked across hash seeds).
    drawn = repr(PICTURE_KINDS[kind].drawn_from(workload, result))
    return _mac("picture", kind, drawing_version(), drawn)[:KEY_CHARS]


def _tag(scope: str, kind: str, key: str) -> str:
    return _mac("scope", scope, kind, key)[:TAG_CHARS]


def pictures_for(
    *,
    workload: Workload,
    result: EngineAssessment,
    scope: str,
    kinds: tuple[str, ...] = tuple(PICTURE_KINDS),
) -> dict[str, Picture]:
    """The pictures of this result (every kind, or those named), addressed for `scope`."""
    pictures = {}
    for kind in kinds:
        key = picture_key(kind, workload, result)
        pictures[kind] = Picture(kind, key, f"{kind}.{key}.{_tag(scope, kind, key)}.svg")
    return pictures


def picture_address_check(address: str, *, scope: str) -> tuple[str, str] | None:
    """(kind, key) when `address` was issued for `scope`; None otherwise."""
    match = _ADDRESS.match(address)
    if match is None or match[1] not in PICTURE_KINDS:
        return None
    kind, key, tag = match.groups()
    return (kind, key) if hmac.compare_digest(tag, _tag(scope, kind, key)) else None


def picture_kept(key: str) -> bool:
    """Whether the shared cache holds this drawing, so its address alone serves it."""
    return caches["pictures"].has_key(key)


def picture_svg(*, kind: str, key: str, inputs: Callable[[], Inputs]) -> str | None:
    """The picture from the shared cache, or drawn from `inputs()` and kept there; None
    when the inputs no longer draw this key (a new release or new answers)."""
    store = caches["pictures"]
    svg = store.get(key)
    if svg is not None:
        return svg
    workload, result = inputs()
    if picture_key(kind, workload, result) != key:
        return None
    svg = PICTURE_KINDS[kind].draw(workload, result)
    # Plain SET of immutable content: two processes drawing the same key at once write the
    # same bytes; the file cache writes a temporary file and renames it into place.
    store.set(key, svg)
    return svg
