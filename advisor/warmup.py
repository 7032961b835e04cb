"""What a new web process does before it takes its first request, so no visitor waits for it.

A cold process spends over a second on its first page: importing every view (the rule
engine, graphviz), reading the knowledge base and filling the renderers' caches (fonts,
icons). `warm_up()` does that work at start-up, from advisor/wsgi.py, for each gunicorn
worker (and runserver) before it serves.
"""

from __future__ import annotations

from django.urls import get_resolver

WARM_UP_PRESET = "real-time-chat"  # the busiest design: every renderer does real work


def warm_up() -> None:
    from advisor.engine import evaluate
    from advisor.pictures import drawing_version
    from advisor.questionnaire import workload_from_file
    from advisor.render.charts import break_even_chart_svg, cost_breakdown_chart_svg
    from advisor.render.diagram import diagram_svg
    from advisor.selectors import PRESETS_DIR, presets

    get_resolver().url_patterns  # noqa: B018 (imports every view module)
    presets()  # reads the knowledge base, evaluates the presets the start page lists
    workload = workload_from_file(PRESETS_DIR / f"{WARM_UP_PRESET}.yaml")
    assessment = evaluate(workload)
    diagram_svg(assessment.architecture, layout="compact")
    break_even_chart_svg(workload, assessment.costs)
    cost_breakdown_chart_svg(assessment.costs)
    drawing_version()  # reads the files every picture's key depends on
