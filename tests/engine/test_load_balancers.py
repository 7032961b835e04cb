"""A fleet holding raw TCP or streaming connections is priced behind the Network Load
Balancer the starter repo builds, at its own rates: $0.0225 an hour and $0.006 per NLCU-hour
in US East, one NLCU holding 100,000 active TCP connections or 3,000 TLS ones
(https://aws.amazon.com/elasticloadbalancing/pricing/), not as an Application Load
Balancer's LCUs (3,000 active connections each, $0.008).
"""

from __future__ import annotations

import pytest

from advisor.engine import evaluate
from advisor.engine.costs import compare_costs
from advisor.engine.workload import Connections, TrafficPattern, Trigger


def _tcp_game(realtime_chat, **changes):
    # 50,000 players each holding a TCP connection for an hour, one message a second in all
    answers = {
        "persistent_connections": Connections.TCP,
        "concurrent_connections": 50_000,
        "connection_minutes_avg": 60,
        "avg_rps": 1,
        "peak_rps": 2,
        "triggers": (Trigger.HTTP,),
        "sensitive_data": False,
    }
    return realtime_chat.with_changes(**(answers | changes))


def _items(estimate, service):
    return {line.item: line for line in estimate.items if line.service == service}


def test_a_tcp_fleet_pays_network_load_balancer_capacity_units(realtime_chat):
    # given
    workload = _tcp_game(realtime_chat)

    # when
    containers = compare_costs(workload).estimate("containers")

    # then: 50,000 active / 100,000 = 0.5 NLCU x 730 h x $0.006 = $2.19, plus 730 h x
    # $0.0225 = $16.43; as ALB LCUs it was 50,000 / 3,000 = 16.7 LCU, $97.33
    nlb = _items(containers, "nlb")
    assert nlb["capacity units (NLCU)"].quantity == pytest.approx(365)
    assert nlb["capacity units (NLCU)"].monthly_usd == pytest.approx(2.19)
    assert nlb["network load balancer hours"].monthly_usd == pytest.approx(16.425)
    assert not _items(containers, "alb")


def test_a_tls_listener_holds_fewer_connections_per_capacity_unit(realtime_chat):
    # given: the same players' data is sensitive, so the listener terminates TLS
    workload = _tcp_game(realtime_chat, sensitive_data=True)

    # when
    containers = compare_costs(workload).estimate("containers")

    # then: 50,000 / 3,000 = 16.67 NLCU x 730 h x $0.006 = $73.00
    units = _items(containers, "nlb")["capacity units (NLCU)"]
    assert units.monthly_usd == pytest.approx(73.00)


def test_connections_held_beside_a_serverless_api_need_no_application_load_balancer(
    realtime_chat,
):
    # given: streaming clients beside an API whose requests stay on Lambda
    workload = _tcp_game(
        realtime_chat,
        persistent_connections=Connections.STREAMING,
        triggers=(Trigger.HTTP, Trigger.PUBSUB),
    )

    # when
    costs = evaluate(workload).costs

    # then: the fleet holding the connections has its NLB; the HTTP calls beside them are
    # priced on the functions' front door, not on a second, fleet load balancer
    serverless = costs.serverless
    assert _items(serverless, "nlb")
    fleet_albs = [item for item in _items(serverless, "alb") if "Lambda targets" not in item]
    assert fleet_albs == []
    assert _items(costs.estimate("containers"), "alb"), "the fleet answers its own requests"


def test_a_fleets_load_balancer_processes_the_responses_as_well_as_the_requests(mobile_api):
    # given: 200 req/s of 2 KB requests answered with 100 KB pages, a steady load
    workload = mobile_api.with_changes(
        avg_rps=200,
        peak_rps=300,
        payload_kb=2,
        avg_response_kb=100,
        traffic_pattern=TrafficPattern.STEADY,
    )

    # when
    containers = compare_costs(workload).estimate("containers")

    # then: AWS meters "bytes processed ... for HTTP(S) requests and responses"
    # (https://aws.amazon.com/elasticloadbalancing/pricing/): 200 x 3,600 x 102 KB =
    # 70.0 GB an hour, 1 GB per LCU-hour for container targets: 70 LCU x 730 h x $0.008
    lcu = _items(containers, "alb")["capacity units (LCU)"]
    assert lcu.quantity == pytest.approx(200 * 3600 * 102 / 1024**2 * 730)
    assert lcu.monthly_usd == pytest.approx(200 * 3600 * 102 / 1024**2 * 730 * 0.008)
