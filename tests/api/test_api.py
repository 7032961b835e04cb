"""The JSON API: assess (same object as `advise --format json`), read saved assessments,
the OpenAPI schema derived from the one form."""

from __future__ import annotations

import json

import pytest

from advisor.engine import evaluate
from advisor.engine.serialize import assessment_as_dict
from advisor.forms import WorkloadForm
from advisor.services import api_token_create, api_token_revoke
from tests.conftest import load_workload, preset_answers
from tests.factories import make_assessment, make_user

pytestmark = pytest.mark.django_db


def _post(client, body, content_type="application/json"):
    data = body if isinstance(body, str | bytes) else json.dumps(body)
    return client.post("/api/v1/assess", data=data, content_type=content_type)


def test_assess_answers_with_the_same_object_as_the_advise_command(client):
    # given
    answers = preset_answers("real-time-chat")
    workload = load_workload(answers)

    # when
    response = _post(client, answers)

    # then
    assert response.status_code == 200
    expected = json.loads(json.dumps(assessment_as_dict(workload, evaluate(workload))))
    assert response.json() == expected


@pytest.mark.parametrize(
    ("body", "field", "words"),
    [
        ({"name": "x", "avg_rps": -1, "avg_duration_ms": 10}, "avg_rps", "cannot be negative"),
        ({"name": "x", "avg_rps": 1}, "avg_duration_ms", "Enter the average run time"),
        ({"name": "x", "avg_rps": 1, "avg_duration_ms": 10, "colour": "red"}, "__all__", "colour"),
        ({"name": "x", "avg_rps": 1, "avg_duration_ms": 10, "region": "mars"}, "region", "mars"),
        ([1, 2, 3], "__all__", "mapping"),
        ("{not json", "__all__", "not valid JSON"),
        ("", "__all__", "not valid JSON"),
    ],
)
def test_bad_input_gets_400_with_field_errors(client, body, field, words):
    # given / when
    response = _post(client, body)

    # then
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert any(words in message for message in errors[field])


def test_a_body_that_is_not_utf8_gets_400(client):
    # given / when
    response = _post(client, b"\xff\xfe\x00")

    # then
    assert response.status_code == 400


def test_the_owner_reads_a_saved_assessment_with_a_bearer_token(client):
    # given
    owner = make_user()
    assessment = make_assessment(owner, "nightly-batch-job")
    _, key = api_token_create(user=owner)

    # when
    response = client.get(
        f"/api/v1/assessments/{assessment.pk}", HTTP_AUTHORIZATION=f"Bearer {key}"
    )

    # then
    body = response.json()
    assert response.status_code == 200
    assert (body["id"], body["name"], body["revision"]) == (
        assessment.pk,
        "Nightly batch job",
        1,
    )
    assert body["verdict"]["fit"] in {"fits", "hybrid", "does_not_fit"}


def test_the_owner_reads_a_saved_assessment_with_a_session(client):
    # given
    owner = make_user()
    assessment = make_assessment(owner)
    client.force_login(owner)

    # when
    response = client.get(f"/api/v1/assessments/{assessment.pk}")

    # then
    assert response.status_code == 200


@pytest.mark.parametrize("who", ["nobody", "revoked token", "wrong token", "other user"])
def test_others_cannot_read_a_saved_assessment(client, who):
    # given
    owner, stranger = make_user("alice"), make_user("bob")
    assessment = make_assessment(owner)
    token, key = api_token_create(user=owner if who == "revoked token" else stranger)
    if who == "revoked token":
        api_token_revoke(token=token)
    headers = {} if who == "nobody" else {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    if who == "wrong token":
        headers = {"HTTP_AUTHORIZATION": "Bearer not-a-token"}

    # when
    response = client.get(f"/api/v1/assessments/{assessment.pk}", **headers)

    # then
    assert response.status_code == (404 if who == "other user" else 401)


def test_the_openapi_schema_describes_the_body_from_the_one_form(client):
    # given / when
    schema = client.get("/api/v1/openapi.json").json()

    # then
    body = schema["paths"]["/api/v1/assess"]["post"]["requestBody"]["content"]
    workload = body["application/json"]["schema"]
    assert set(workload["properties"]) == set(WorkloadForm.base_fields)
    assert workload["required"] == ["name", "avg_rps", "avg_duration_ms"]
    assert workload["properties"]["runtime"]["enum"][:2] == ["python", "node"]
    assert "requests per second" in workload["properties"]["avg_rps"]["description"]
    assert "/api/v1/assessments/{id}" in schema["paths"]


def test_the_openapi_schema_asks_for_the_share_of_requests_that_upload(client):
    # given / when
    schema = client.get("/api/v1/openapi.json").json()

    # then
    body = schema["paths"]["/api/v1/assess"]["post"]["requestBody"]["content"]
    share = body["application/json"]["schema"]["properties"]["upload_share"]
    assert share["minimum"] == 0 and share["maximum"] == 1
    assert "upload a file" in share["description"]


def test_assess_prices_the_uploads_the_share_says(client):
    # given: the mobile API where 2 in 100 requests upload a 2 MB photo
    answers = preset_answers("api-for-a-mobile-app") | {
        "triggers": ["http", "file_upload"],
        "payload_kb": 2000,
    }
    prices = {}
    for share in (0.02, 1):
        # when
        response = _post(client, answers | {"upload_share": share})
        # then
        assert response.status_code == 200, response.content
        prices[share] = response.json()["costs"]["shared"]["monthly_usd"]
    assert prices[1] - prices[0.02] > 950  # S3 for uploads nobody makes


def test_the_openapi_schema_asks_how_many_consumers_read_each_event(client):
    # given / when
    schema = client.get("/api/v1/openapi.json").json()

    # then
    body = schema["paths"]["/api/v1/assess"]["post"]["requestBody"]["content"]
    consumers = body["application/json"]["schema"]["properties"]["event_consumers"]
    assert consumers["minimum"] == 1 and consumers["maximum"] == 20
    assert "independent consumers" in consumers["description"]


def test_assess_prices_every_consumer_of_the_published_events(client):
    # given: 300 order events a second read by one, then ten consumers
    answers = preset_answers("api-for-a-mobile-app") | {
        "triggers": ["pubsub"],
        "avg_rps": 300,
        "peak_rps": 600,
    }
    shared = {}
    for consumers in (1, 10):
        # when
        response = _post(client, answers | {"event_consumers": consumers})
        # then
        assert response.status_code == 200, response.content
        items = response.json()["costs"]["shared"]["items"]
        shared[consumers] = [i["item"] for i in items if i["service"] == "kinesis"]
    assert not any("enhanced fan-out" in item for item in shared[1])
    assert "10 enhanced fan-out consumers: consumer-shard hours" in shared[10]
