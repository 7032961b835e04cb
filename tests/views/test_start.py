"""The start page says what the advisor does and shows the presets' verdicts."""

from __future__ import annotations

from advisor.engine.results import Fit


def test_it_explains_the_advisor_and_assesses_the_four_presets(client):
    # given / when
    response = client.get("/")

    # then
    assert response.status_code == 200
    page = response.content.decode()
    assert "Does serverless fit your workload?" in page
    for name in (
        "API for a mobile app",
        "Nightly batch job",
        "Real-time chat",
        "Video processing pipeline",
    ):
        assert name in page
    assert any(fit.label in page for fit in Fit)


def test_it_refuses_to_change_anything_by_post(client):
    # given / when
    response = client.post("/")

    # then
    assert response.status_code == 405
