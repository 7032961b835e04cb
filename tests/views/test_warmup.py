"""A new web process does its slow first-time work at start-up, not on a visitor's request."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PROBE = """
import sys
import advisor.wsgi
from advisor.render.charts import _break_even_chart_svg
from advisor.render.diagram import diagram_svg
from advisor.selectors import presets
print(
    len(presets()) and presets.cache_info().currsize,
    diagram_svg.cache_info().currsize,
    _break_even_chart_svg.cache_info().currsize,
    "advisor.views.result" in sys.modules,
)
"""


def test_loading_the_wsgi_app_leaves_views_knowledge_and_renderers_ready():
    # given: a fresh interpreter, as a gunicorn worker starts
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "advisor.settings"}

    # when
    result = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )

    # then: presets evaluated, one diagram and one chart drawn, every view imported
    assert result.stdout.split() == ["1", "1", "1", "True"]
