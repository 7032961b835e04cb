"""Cost charts: the SVG's structure and words, not its pixels."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import replace

from advisor.engine import evaluate
from advisor.engine.numbers import format_rps
from advisor.engine.results import CostComparison, CostLine, Estimate, PricedOption
from advisor.render import charts
from advisor.render.charts import (
    OTHER_LABEL,
    break_even_chart_svg,
    breakdown_bars,
    cost_breakdown_chart_svg,
)

SVG_NS = "{http://www.w3.org/2000/svg}"


def _line(service: str, item: str, usd: float) -> CostLine:
    return CostLine(service, item, 1.0, "unit", usd, usd)


def _estimate(*lines: CostLine) -> Estimate:
    return Estimate(sum(line.monthly_usd for line in lines), lines)


def _comparison(serverless: Estimate, containers: Estimate, vm: Estimate) -> CostComparison:
    options = (
        PricedOption("serverless", serverless),
        PricedOption("containers", containers),
        PricedOption("vm_reserved", vm),
        PricedOption("serverless_other_architecture", serverless),
    )
    return CostComparison(options, None, ())


def _parsed(svg: str) -> ET.Element:
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG_NS}svg"
    return root


# --- break-even chart ------------------------------------------------------------------


def test_the_break_even_chart_names_every_option_and_the_architectures(preset_workload):
    # given
    assessment = evaluate(preset_workload)
    # when
    svg = break_even_chart_svg(
        preset_workload, assessment.costs, offloaded_parts=assessment.verdict.offloaded_parts
    )
    # then
    _parsed(svg)
    for words in ("Lambda arm64", "Lambda x86_64", "Containers", "VMs"):
        assert words in svg
    assert f"this workload: {format_rps(preset_workload.avg_rps)} req/s" in svg


def test_the_break_even_chart_annotates_the_break_even_with_its_value(realtime_chat):
    # given
    costs = evaluate(realtime_chat).costs
    assert costs.break_even_avg_rps is not None
    # when
    svg = break_even_chart_svg(realtime_chat, costs)
    # then
    expected = f"break-even ≈ {format_rps(costs.break_even_avg_rps)} req/s"
    assert expected in svg
    description = _parsed(svg).find(f"{SVG_NS}desc")
    assert description is not None and expected in description.text


def test_the_break_even_chart_says_so_when_the_lines_never_cross(mobile_api):
    # given
    costs = replace(evaluate(mobile_api).costs, break_even_avg_rps=None)
    # when
    svg = break_even_chart_svg(mobile_api, costs)
    # then
    assert "No break-even" in svg
    assert "break-even ≈" not in svg


def test_the_break_even_chart_has_a_title_and_description_for_screen_readers(mobile_api):
    # when
    root = _parsed(break_even_chart_svg(mobile_api, evaluate(mobile_api).costs))
    # then
    title, description = root[0], root[1]
    assert title.tag == f"{SVG_NS}title" and mobile_api.name in title.text
    assert description.tag == f"{SVG_NS}desc"
    assert "containers on Fargate $" in description.text


def test_the_break_even_chart_is_the_same_bytes_every_time(realtime_chat):
    # given
    costs = evaluate(realtime_chat).costs
    first = break_even_chart_svg(realtime_chat, costs)
    # when
    charts._break_even_chart_svg.cache_clear()
    second = break_even_chart_svg(realtime_chat, costs)
    # then
    assert first == second
    assert first.startswith("<svg")  # no XML prolog: it can be inlined in a page


def test_each_series_has_its_own_line_style_and_marker(mobile_api):
    # given
    curve = ()
    # when
    series = charts._break_even_series(mobile_api, curve)
    # then
    assert len({s.linestyle for s in series}) == len(series)
    assert len({s.marker for s in series}) == len(series)


# --- cost breakdown chart ----------------------------------------------------------------


def test_the_breakdown_groups_small_items_as_other_and_keeps_the_sum():
    # given
    serverless = _estimate(
        _line("lambda", "duration", 90.0),
        _line("lambda", "requests", 2.0),
        _line("sqs", "requests", 1.0),
        _line("s3", "storage", 7.0),
    )
    costs = _comparison(serverless, _estimate(_line("fargate", "vCPU", 50.0)), _estimate())
    # when
    bars = breakdown_bars(costs)
    # then
    assert [bar.option for bar in bars] == ["Serverless", "Containers", "VMs"]
    assert bars[0].segments == (
        ("Lambda: duration", 90.0),
        ("S3: storage", 7.0),
        (OTHER_LABEL, 3.0),
    )
    assert bars[1].segments == (("Fargate: vCPU", 50.0),)
    assert bars[2].segments == ()


def test_the_breakdown_sets_free_tier_credits_beside_the_bar():
    # given
    serverless = _estimate(_line("lambda", "duration", 30.0), _line("lambda", "free tier", -10.0))
    costs = _comparison(serverless, _estimate(), _estimate())
    # when
    (bar, _, _) = breakdown_bars(costs)
    # then
    assert bar.total_usd == 20.0
    assert bar.credit_usd == -10.0
    assert sum(usd for _, usd in bar.segments) == 30.0


def test_the_breakdown_chart_names_options_and_items(preset_workload):
    # given
    costs = evaluate(preset_workload).costs
    # when
    svg = cost_breakdown_chart_svg(costs)
    # then
    _parsed(svg)
    for bar in breakdown_bars(costs):
        assert bar.option in svg
        for label, _ in bar.segments:
            assert label in svg


def test_the_breakdown_chart_is_the_same_bytes_every_time(video_pipeline):
    # given
    costs = evaluate(video_pipeline).costs
    first = cost_breakdown_chart_svg(costs)
    # when
    charts._cost_breakdown_chart_svg.cache_clear()
    second = cost_breakdown_chart_svg(costs)
    # then
    assert first == second


def test_the_breakdown_gives_each_service_its_own_hue():
    # given: designs with many line items (an API with a workflow waiting on people,
    # streams, uploads)
    from advisor.engine import evaluate
    from advisor.render.charts.breakdown import (
        SERVICE_SEPARATOR,
        _segment_styles,
        breakdown_bars,
    )
    from tests.conftest import load_workload, preset_answers

    for preset in ("real-time-chat", "video-processing-pipeline", "api-for-a-mobile-app"):
        workload = load_workload(
            preset_answers(preset)
            | {"workflow": "human_approval", "triggers": ["http", "file_upload", "queue"]}
        )

        # when
        styles = _segment_styles(breakdown_bars(evaluate(workload).costs))

        # then: a hue names one service, its items share it and differ by hatch
        services_by_hue: dict[str, set[str]] = {}
        hues_by_service: dict[str, set[str]] = {}
        for label, (colour, _hatch) in styles.items():
            service = label.split(SERVICE_SEPARATOR)[0]
            services_by_hue.setdefault(colour, set()).add(service)
            hues_by_service.setdefault(service, set()).add(colour)
        assert all(len(services) == 1 for services in services_by_hue.values()), styles
        assert all(len(hues) == 1 for hues in hues_by_service.values()), styles
        assert len(set(styles.values())) == len(styles)
