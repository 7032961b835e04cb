"""Who may open or change what: every URL that takes an id or a token, and every URL of the
JSON API, by every kind of visitor.

Rows are URL names; each row gives the expected status for GET, POST and DELETE, per
column: the owner, another signed-in user, an anonymous visitor, and an anonymous visitor
holding a valid or a revoked share link of the assessment (in the path for `<token>` routes,
as the `token` parameter elsewhere). Owner-only pages answer strangers 404 (as if the thing
did not exist) and anonymous visitors 302 to the log-in page; the API answers 401 instead
of the redirect, the same with a session or a bearer token. A URL added to the project that
takes an id or token, or any API URL, with no row here fails
`test_every_url_with_an_id_or_token_has_a_row`.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from advisor.jobs.models import ExportJob
from advisor.jobs.services import requesting as job_requesting
from advisor.models import ShareLink
from advisor.pictures import LIVE_SCOPE, picture_svg, pictures_for, revision_scope
from advisor.selectors import assessment_evaluate, revision_workload
from advisor.services import api_token_create, assessment_revise, share_link_create
from tests.conftest import preset_answers
from tests.security.conftest import make_export_jobs

pytestmark = pytest.mark.django_db

COLUMNS = ("owner", "another user", "anonymous", "valid share link", "revoked share link")
# Requests run in this order: the owner last, because the owner's POSTs may delete things.
RUN_ORDER = ("another user", "anonymous", "valid share link", "revoked share link", "owner")
UNKNOWN_TOKEN = "not-a-share-token"
# Staff-only: Django's admin checks is_staff itself (test_the_admin_is_for_staff_only).
EXCLUDED_NAMESPACES = ("admin",)

Statuses = tuple[int, int, int, int, int]  # in COLUMNS order
OWNER_ONLY_GET: Statuses = (200, 404, 302, 302, 302)
OWNER_ONLY_POST_REDIRECTS: Statuses = (302, 404, 302, 302, 302)
SHARED_GET: Statuses = (200, 404, 404, 200, 404)  # owner or link holder; no login needed
SHARED_POST_REDIRECTS: Statuses = (302, 404, 404, 302, 404)
TOKEN_ROUTE_GET: Statuses = (404, 404, 404, 200, 404)  # only the token in the path counts
# The shared page tells a revoked link's holder it was revoked (410), not "not found".
SHARED_PAGE_GET: Statuses = (404, 404, 404, 200, 410)
API_GET: Statuses = (200, 404, 401, 401, 401)  # session or bearer token; a share link is neither
NOT_ALLOWED: Statuses = (405, 405, 405, 405, 405)
# The API: a session or a bearer token; a share link opens only its revision's exports.
API_OWNER_ONLY = (200, 404, 401, 401, 401)
API_OWNER_MADE = (201, 404, 401, 401, 401)
API_OWN_DATA = (200, 200, 401, 401, 401)  # everyone signed in has their own list
API_SHARED = (200, 404, 401, 200, 401)
API_OPEN = (200,) * 5


@dataclass(frozen=True)
class Row:
    kwargs: Callable[[Any, str], dict[str, Any]]  # (world, path token) -> URL kwargs
    get: Statuses
    post: Statuses
    delete: Statuses = NOT_ALLOWED
    # API rows: the JSON body of a POST, and query parameters besides the share token.
    body: Callable[[Any], Any] | None = None
    query: Callable[[Any], dict[str, Any]] = field(default=lambda w: {})


def _no_kwargs(_w, _t):
    return {}


def _answers(_w):
    return preset_answers("real-time-chat")


def _assessment(w, _t):
    return {"id": w.assessment.pk}


def _revision(w, _t):
    return {"id": w.assessment.pk, "number": 1}


def _picture_address(w, scope: str, number: int = 1) -> str:
    """A picture address issued for `scope`, drawn beforehand from revision `number` (a live
    address needs the answers in its query only while no process has drawn it)."""
    revision = w.assessment.revisions.get(number=number)
    workload = revision_workload(revision)
    result = assessment_evaluate(workload)
    picture = pictures_for(workload=workload, result=result, scope=scope)["breakdown"]
    picture_svg(kind=picture.kind, key=picture.key, inputs=lambda: (workload, result))
    return picture.address


def _revision_picture(w, _t):
    revision = w.assessment.revisions.get(number=1)
    return {"address": _picture_address(w, revision_scope(revision))}


MATRIX: dict[str, Row] = {
    "assessment_detail": Row(_assessment, OWNER_ONLY_GET, NOT_ALLOWED),
    "assessment_revision": Row(_revision, OWNER_ONLY_GET, NOT_ALLOWED),
    "assessment_diagram": Row(
        lambda w, t: _revision(w, t) | {"ext": "svg"}, OWNER_ONLY_GET, NOT_ALLOWED
    ),
    "assessment_picture": Row(
        lambda w, t: _revision(w, t) | _revision_picture(w, t), OWNER_ONLY_GET, NOT_ALLOWED
    ),
    "shared_picture": Row(
        lambda w, t: {"token": t} | _revision_picture(w, t), TOKEN_ROUTE_GET, NOT_ALLOWED
    ),
    # The live panel draws any answers for anyone: nothing in it is private.
    "live_picture": Row(
        lambda w, t: {"address": _picture_address(w, LIVE_SCOPE)}, (200,) * 5, NOT_ALLOWED
    ),
    # An empty POST is a form with errors: the owner gets it back with 400.
    "assessment_edit": Row(_assessment, OWNER_ONLY_GET, (400, 404, 302, 302, 302)),
    "assessment_duplicate": Row(_assessment, NOT_ALLOWED, OWNER_ONLY_POST_REDIRECTS),
    "assessment_delete": Row(_assessment, OWNER_ONLY_GET, OWNER_ONLY_POST_REDIRECTS),
    "share_create": Row(_assessment, NOT_ALLOWED, OWNER_ONLY_POST_REDIRECTS),
    "share_revoke": Row(
        lambda w, t: {"id": w.assessment.pk, "link_id": w.share.pk},
        NOT_ALLOWED,
        OWNER_ONLY_POST_REDIRECTS,
    ),
    "shared_result": Row(lambda w, t: {"token": t}, SHARED_PAGE_GET, NOT_ALLOWED),
    "shared_diagram": Row(lambda w, t: {"token": t, "ext": "svg"}, TOKEN_ROUTE_GET, NOT_ALLOWED),
    "api_token_revoke": Row(
        lambda w, t: {"token_id": w.api_token_id}, NOT_ALLOWED, OWNER_ONLY_POST_REDIRECTS
    ),
    # The schema and its reference page answer every method alike: nothing in them is private.
    "api:openapi-json": Row(_no_kwargs, API_OPEN, API_OPEN, API_OPEN),
    "api:openapi-view": Row(_no_kwargs, API_OPEN, API_OPEN, API_OPEN),
    "api:api-root": Row(_no_kwargs, (404,) * 5, (404,) * 5, (404,) * 5),
    "api:assess": Row(_no_kwargs, NOT_ALLOWED, API_OPEN, body=_answers),
    "api:assessments": Row(_no_kwargs, API_OWN_DATA, (201, 201, 401, 401, 401), body=_answers),
    "api:assessment": Row(_assessment, API_OWNER_ONLY, NOT_ALLOWED, (204, 404, 401, 401, 401)),
    "api:revisions": Row(_assessment, API_OWNER_ONLY, API_OWNER_MADE, body=_answers),
    "api:revision": Row(_revision, API_OWNER_ONLY, NOT_ALLOWED),
    "api:compare": Row(
        _no_kwargs,
        API_OWNER_ONLY,
        NOT_ALLOWED,
        query=lambda w: {"assessment": [w.assessment.pk, w.assessment.pk]},
    ),
    "api:share_links": Row(_assessment, API_OWNER_ONLY, API_OWNER_MADE, body=lambda w: {}),
    "api:share_link": Row(
        lambda w, t: {"id": w.assessment.pk, "link_id": w.share.pk},
        NOT_ALLOWED,
        NOT_ALLOWED,
        API_OWNER_ONLY,
    ),
    "api:export_kinds": Row(_no_kwargs, API_OPEN, NOT_ALLOWED),
    "api:exports": Row(
        lambda w, t: {"revision_id": w.done_job.revision_id},
        API_SHARED,
        (202, 404, 401, 202, 401),
        body=lambda w: {"kind": "pdf", "options": {"paper": "letter"}},
    ),
    "api:export_status": Row(lambda w, t: {"job_id": w.done_job.pk}, API_SHARED, NOT_ALLOWED),
    "api:export_retry": Row(lambda w, t: {"job_id": w.failed_job.pk}, NOT_ALLOWED, API_SHARED),
    "api:export_download": Row(lambda w, t: {"job_id": w.done_job.pk}, API_SHARED, NOT_ALLOWED),
    "jobs:export_panel": Row(
        lambda w, t: {"revision_id": w.done_job.revision_id}, SHARED_GET, NOT_ALLOWED
    ),
    "jobs:export_create": Row(
        lambda w, t: {"revision_id": w.done_job.revision_id}, NOT_ALLOWED, SHARED_POST_REDIRECTS
    ),
    # Without htmx the status page sends the visitor on to the export panel.
    "jobs:export_status": Row(
        lambda w, t: {"job_id": w.done_job.pk}, SHARED_POST_REDIRECTS, NOT_ALLOWED
    ),
    "jobs:export_retry": Row(
        lambda w, t: {"job_id": w.failed_job.pk}, NOT_ALLOWED, SHARED_POST_REDIRECTS
    ),
    "jobs:export_download": Row(lambda w, t: {"job_id": w.done_job.pk}, SHARED_GET, NOT_ALLOWED),
    # Not an assessment: a bad reset link shows "invalid link" to everyone, whoever asks.
    "password_reset_confirm": Row(
        lambda w, t: {"uidb64": "MQ", "token": "set-password"}, (200,) * 5, (200,) * 5, (200,) * 5
    ),
}


def _walk(patterns: list, prefix: str = "", namespaces: tuple[str, ...] = ()) -> Iterator:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = namespaces + ((entry.namespace,) if entry.namespace else ())
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern), inner)
        elif isinstance(entry, URLPattern):
            name = ":".join(namespaces + (entry.name or f"<unnamed {entry.lookup_str}>",))
            yield name, prefix + str(entry.pattern), entry.pattern.regex.groups


def _parameterised_urls() -> dict[str, str]:
    """URL name -> route, for every project URL that takes an id or a token, and every URL
    of the API (whose calls act on the caller's own things without an id)."""
    return {
        name: route
        for name, route, groups in _walk(get_resolver().url_patterns)
        if (groups or name.startswith("api:")) and name.split(":")[0] not in EXCLUDED_NAMESPACES
    }


def test_every_url_with_an_id_or_token_has_a_row():
    # given
    urls = _parameterised_urls()

    # when
    missing = {name: route for name, route in urls.items() if name not in MATRIX}
    stale = sorted(set(MATRIX) - set(urls))

    # then
    assert not missing, (
        "URLs that take an id or token but have no access-control row in "
        f"tests/security/test_access_matrix.py MATRIX: {missing}"
    )
    assert not stale, f"MATRIX rows for URLs that no longer exist: {stale}"


def _visitor(world, column: str, credentials: str = "session") -> tuple[Client, str]:
    """A client for the column, and the share token it carries ("" for none); the signed-in
    columns by session, or for the API by bearer token."""
    users = {"owner": world.owner, "another user": world.stranger}
    client = Client()
    if column in users and credentials == "bearer":
        _, key = api_token_create(user=users[column])
        client = Client(HTTP_AUTHORIZATION=f"Bearer {key}")
    elif column in users:
        client.force_login(users[column])
    token = {"valid share link": world.share.token, "revoked share link": world.revoked.token}
    return client, token.get(column, "")


def _request(world, name: str, row: Row, method: str, column: str, credentials: str) -> int:
    client, token = _visitor(world, column, credentials)
    url = reverse(name, kwargs=row.kwargs(world, token or UNKNOWN_TOKEN))
    if name.startswith("api:"):
        return _api_request(world, client, url, row, method, token)
    data = {"token": token} if token else {}
    if method == "get":
        return client.get(url, data).status_code
    if method == "delete":
        return client.delete(url).status_code
    return client.post(url, data | {"kind": "pdf", "paper": "a4"}).status_code


def _api_request(world, client: Client, url: str, row: Row, method: str, token: str) -> int:
    """The API takes the share token in the query whatever the method, and JSON bodies."""
    query = row.query(world) | ({"token": token} if token else {})
    if query:
        url += "?" + urlencode(query, doseq=True)
    body = json.dumps(row.body(world)) if row.body and method == "post" else ""
    return client.generic(method.upper(), url, body, content_type="application/json").status_code


@pytest.mark.parametrize("method", ["get", "post", "delete"])
@pytest.mark.parametrize("name", sorted(MATRIX))
def test_each_visitor_gets_the_designed_status(world, monkeypatch, name, method):
    # given: exports never reach a broker here
    monkeypatch.setattr(job_requesting, "export_job_publish", lambda *, job_id: True)
    row = MATRIX[name]
    expected = dict(zip(COLUMNS, getattr(row, method), strict=True))

    # when
    actual = {c: _request(world, name, row, method, c, "session") for c in RUN_ORDER}

    # then
    assert {c: actual[c] for c in COLUMNS} == expected, f"{method.upper()} {name}"


@pytest.mark.parametrize("method", ["get", "post", "delete"])
@pytest.mark.parametrize("name", sorted(n for n in MATRIX if n.startswith("api:")))
def test_a_bearer_token_opens_the_api_as_the_session_does(world, monkeypatch, name, method):
    # given
    monkeypatch.setattr(job_requesting, "export_job_publish", lambda *, job_id: True)
    row = MATRIX[name]
    expected = dict(zip(COLUMNS, getattr(row, method), strict=True))

    # when
    actual = {c: _request(world, name, row, method, c, "bearer") for c in RUN_ORDER}

    # then
    assert {c: actual[c] for c in COLUMNS} == expected, f"{method.upper()} {name}"


# --- the operators' endpoints (advisor/ops): no id, no token of a user, no user data -------
# Every visitor gets the same answer: the probes are open (they say up or down per
# dependency and nothing else), /metrics answers only the operator's bearer token and is a
# 404 while none is set. Columns as above; a user's share token or session opens nothing.
METRICS_TOKEN = "operator-metrics-token-0123456789"
OPERATOR_MATRIX: dict[tuple[str, bool], Statuses] = {
    ("/healthz", False): (200,) * 5,
    ("/readyz", False): (200,) * 5,
    ("/metrics", False): (404,) * 5,  # no METRICS_TOKEN set
    ("/metrics", True): (401,) * 5,  # set, and no visitor column holds it
}


@pytest.mark.parametrize(("path", "token_set"), sorted(OPERATOR_MATRIX))
def test_operator_endpoints_answer_every_visitor_alike(world, settings, path, token_set):
    # given
    settings.ADVISOR_METRICS_TOKEN = METRICS_TOKEN if token_set else ""
    expected = dict(zip(COLUMNS, OPERATOR_MATRIX[(path, token_set)], strict=True))

    # when
    actual = {}
    for column in RUN_ORDER:
        client, token = _visitor(world, column)
        actual[column] = client.get(path, {"token": token} if token else {}).status_code

    # then
    assert {c: actual[c] for c in COLUMNS} == expected, path


def test_metrics_open_to_the_operator_token_only(world, settings):
    # given
    settings.ADVISOR_METRICS_TOKEN = METRICS_TOKEN

    # when
    response = Client().get("/metrics", HTTP_AUTHORIZATION=f"Bearer {METRICS_TOKEN}")

    # then
    assert response.status_code == 200 and b"advisor_export_jobs" in response.content


def test_the_admin_is_for_staff_only(world):
    # given
    client = Client()
    client.force_login(world.owner)
    url = reverse("admin:advisor_assessment_change", args=[world.assessment.pk])

    # when
    response = client.get(url)

    # then
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


# --- share links scoped to what they share ------------------------------------------------
# An assessment saved twice: revision 1 had the old name and figures, revision 2 replaced
# them. A link made for "the latest revision" opens revision 2 only (whatever id is put in
# an export URL); a link made for revision 1 opens revision 1 only. Rows: URL name and the
# revision its object belongs to (a picture: the revision whose page issued its address);
# columns: the two links (status for the method the URL takes; POSTs that work redirect).
SCOPE_COLUMNS = ("latest-revision link", "revision-1 link")
SCOPED: dict[tuple[str, int], tuple[str, tuple[int, int]]] = {
    ("shared_result", 1): ("get", (200, 200)),
    ("shared_diagram", 1): ("get", (200, 200)),
    ("shared_picture", 1): ("get", (404, 200)),
    ("shared_picture", 2): ("get", (200, 404)),
    ("jobs:export_panel", 1): ("get", (404, 200)),
    ("jobs:export_panel", 2): ("get", (200, 404)),
    ("jobs:export_create", 1): ("post", (404, 302)),
    ("jobs:export_create", 2): ("post", (302, 404)),
    ("jobs:export_status", 1): ("get", (404, 302)),
    ("jobs:export_status", 2): ("get", (302, 404)),
    ("jobs:export_retry", 1): ("post", (404, 302)),
    ("jobs:export_retry", 2): ("post", (302, 404)),
    ("jobs:export_download", 1): ("get", (404, 200)),
    ("jobs:export_download", 2): ("get", (200, 404)),
}


@dataclass
class Revised:
    world: Any
    links: dict[str, ShareLink]
    done: dict[int, ExportJob]
    failed: dict[int, ExportJob]


@pytest.fixture
def revised(world) -> Revised:
    """The world's assessment saved again under a new name, with a finished and a failed
    export of each revision, and one link of each scope."""
    revise = assessment_revise(
        assessment=world.assessment,
        answers={**world.assessment.revisions.get().answers, "name": "Renamed project"},
    )
    first = world.assessment.revisions.get(number=1)
    second_done, second_failed = make_export_jobs(revise)
    done = {1: world.done_job, 2: second_done}
    failed = {1: world.failed_job, 2: second_failed}
    links = {
        "latest-revision link": share_link_create(assessment=world.assessment),
        "revision-1 link": share_link_create(assessment=world.assessment, revision=first),
    }
    return Revised(world=world, links=links, done=done, failed=failed)


def _scoped_url(revised: Revised, name: str, number: int, token: str) -> str:
    revision = revised.done[number].revision
    revision_id = revision.pk
    if name == "shared_picture":
        address = _picture_address(revised.world, revision_scope(revision), number)
        return reverse(name, kwargs={"token": token, "address": address})
    kwargs = {
        "shared_result": {"token": token},
        "shared_diagram": {"token": token, "ext": "svg"},
        "jobs:export_panel": {"revision_id": revision_id},
        "jobs:export_create": {"revision_id": revision_id},
        "jobs:export_status": {"job_id": revised.done[number].pk},
        "jobs:export_retry": {"job_id": revised.failed[number].pk},
        "jobs:export_download": {"job_id": revised.done[number].pk},
    }[name]
    return reverse(name, kwargs=kwargs)


@pytest.mark.parametrize(("name", "number"), sorted(SCOPED))
def test_a_share_link_opens_only_the_revision_it_was_made_for(revised, monkeypatch, name, number):
    # given
    monkeypatch.setattr(job_requesting, "export_job_publish", lambda *, job_id: True)
    method, statuses = SCOPED[(name, number)]

    # when
    actual = []
    for column in SCOPE_COLUMNS:
        token = revised.links[column].token
        url = _scoped_url(revised, name, number, token)
        data = {"token": token} | ({"kind": "pdf", "paper": "letter"} if method == "post" else {})
        actual.append(getattr(Client(), method)(url, data).status_code)

    # then
    assert dict(zip(SCOPE_COLUMNS, actual, strict=True)) == dict(
        zip(SCOPE_COLUMNS, statuses, strict=True)
    ), f"{method.upper()} {name} of revision {number}"


def test_the_latest_revision_link_shows_nothing_of_the_replaced_revision(revised, world):
    # given
    token = revised.links["latest-revision link"].token
    old_name = world.assessment.revisions.get(number=1).answers["name"]

    # when
    page = Client().get(reverse("shared_result", args=[token])).content.decode()
    diagram = Client().get(reverse("shared_diagram", args=[token, "dot"])).content.decode()

    # then
    assert "Renamed project" in page and "Revision 2" in page
    assert old_name not in page and old_name not in diagram


def test_a_revision_link_keeps_showing_its_revision_after_a_new_save(revised, world):
    # given
    token = revised.links["revision-1 link"].token
    old_name = world.assessment.revisions.get(number=1).answers["name"]

    # when
    page = Client().get(reverse("shared_result", args=[token])).content.decode()

    # then
    assert old_name in page and "Revision 1" in page and "Renamed project" not in page


# --- malformed share tokens ---------------------------------------------------------------
# A token with a NUL or of another alphabet is no token: refused before any query (PostgreSQL
# refuses a NUL in a query: a 500 before this was checked, found by schemathesis).
MALFORMED_TOKENS = ["a\x00b", "x" * 65, "tok en", "é"]


@pytest.mark.parametrize("token", MALFORMED_TOKENS)
def test_a_malformed_share_token_is_no_token_anywhere(world, token):
    # given
    client = Client()
    revision_id = world.done_job.revision_id

    # when
    statuses = {
        "page": client.get(reverse("shared_result", args=[token])).status_code,
        "export panel": client.get(
            reverse("jobs:export_panel", args=[revision_id]), {"token": token}
        ).status_code,
        "api status": client.get(
            reverse("api:export_status", kwargs={"job_id": world.done_job.pk}), {"token": token}
        ).status_code,
    }

    # then
    assert statuses == {"page": 404, "export panel": 404, "api status": 401}
