"""A short load run (10 users, 5 s) against a real gunicorn: every request answered as
expected. Speed is the bench's business (`make bench`: load_*), never asserted here."""

from __future__ import annotations

import pytest

from advisor_tooling.loadtest import run_load_test

pytestmark = pytest.mark.slow


def test_ten_users_typing_saving_and_reading_results_get_no_errors():
    # when
    figures = run_load_test(users=10, duration_s=5)

    # then
    assert figures["all"]["errors"] == 0, figures["error_samples"]
    assert {"live", "save", "result"} <= set(figures)
    assert all(figures[kind]["requests"] > 0 for kind in ("live", "save", "result"))
