"""Cost lines a user reads, for stated workloads, checked against figures worked by hand
from AWS's published rates (the pricing files' sources)."""

from __future__ import annotations

import pytest

from advisor.engine import evaluate
from advisor.engine.costs import compare_costs
from advisor.engine.costs.model import assumption_values, make_context
from advisor.engine.workload import Auth, DataStore, Runtime, Trigger
from advisor_tooling.decision_cases import decision_cases
from tests.conftest import load_workload


def _line(estimate, service: str, starts: str):
    found = [line for line in estimate.items if line.service == service]
    return next(line for line in found if line.item.startswith(starts))


def _relational(mobile_api, **assumptions):
    return mobile_api.with_changes(
        data_store=DataStore.RELATIONAL, assumptions=tuple(assumptions.items())
    )


def test_a_multi_az_database_bills_its_storage_once_at_the_multi_az_rate(mobile_api):
    # given: a PostgreSQL database of 8 vCPUs with 100 GB allocated, in us-east-1
    workload = _relational(mobile_api, rds_proxy_db_vcpu=8, relational_storage_gb=100)

    # when
    shared = compare_costs(workload).shared

    # then: one Multi-AZ db.m7g.2xlarge deployment (8 vCPUs): 730 h x $1.344 = $981.12;
    # storage: 100 GB-month x $0.230 (Multi-AZ gp3) = $23.00. Before, it was priced as
    # 8 db.m7g.large instances each with its own 100 GB: 800 GB-month x $0.115 = $92.00.
    instance = _line(shared, "rds_postgresql", "1 x db.m7g.2xlarge (8 vCPUs, 32 GiB) Multi-AZ")
    storage = _line(shared, "rds_postgresql", "gp3 storage Multi-AZ")
    assert instance.monthly_usd == pytest.approx(981.12)
    assert (storage.quantity, storage.unit_price_usd) == (100, 0.23)
    assert storage.monthly_usd == pytest.approx(23.00)


def test_a_small_multi_az_database_is_a_burstable_pair(mobile_api):
    # given: the default 2-vCPU database, 100 GB, in eu-west-1
    workload = _relational(mobile_api).with_changes(region="eu-west-1")

    # when
    shared = compare_costs(workload).shared

    # then: db.t4g.medium Multi-AZ 730 h x $0.144 = $105.12; 100 GB x $0.254 = $25.40
    assert _line(shared, "rds_postgresql", "1 x db.t4g.medium").monthly_usd == pytest.approx(105.12)
    assert _line(shared, "rds_postgresql", "gp3 storage").monthly_usd == pytest.approx(25.40)


def test_a_public_http_api_pays_for_cloudfront_in_front_of_it(mobile_api):
    # given: the mobile API made public at 5 req/s (peak 60), 6 KB a request, us-east-1, no
    # free tier (at its own 25 req/s a load balancer, which takes the web ACL itself, costs
    # less than the HTTP API with CloudFront: tests/engine/test_front_door.py)
    workload = mobile_api.with_changes(auth=Auth.PUBLIC, avg_rps=5.0, peak_rps=60.0)

    # when
    costs = compare_costs(workload)

    # then: 5 x 2,628,000 s = 13.14M requests = 1,314 x 10K x $0.0100 = $13.14;
    # request bodies to the origin: 13.14M x 6 KB / 1,048,576 = 75.19 GB x $0.020 = $1.50
    assert costs.design.api_types == ("http",) and costs.design.edge == "cloudfront"
    requests = _line(costs.serverless, "cloudfront", "HTTPS requests")
    to_origin = _line(costs.serverless, "cloudfront", "out to the origin")
    assert requests.monthly_usd == pytest.approx(13.14)
    assert to_origin.monthly_usd == pytest.approx(1.50, abs=0.005)
    # the containers put the web ACL on their load balancer: no CloudFront there
    fargate = next(option for option in costs.options if option.key == "containers")
    assert not [line for line in fargate.estimate.items if line.service == "cloudfront"]


def _photo_uploads(mobile_api):
    """Clients upload 2 MB photos on presigned URLs: 10 a second on average."""
    return mobile_api.with_changes(
        triggers=(Trigger.FILE_UPLOAD,),
        payload_kb=2048.0,
        avg_rps=10.0,
        peak_rps=40.0,
        data_store=DataStore.OBJECT,
    )


def test_uploads_go_to_s3_and_the_api_carries_only_the_presign_call(mobile_api):
    # given
    workload = _photo_uploads(mobile_api)

    # when
    costs = compare_costs(workload)

    # then: 10 x 2,628,000 s = 26.28M uploads, each one presign call metered as one HTTP
    # API request: 26.28 x $1.00 = $26.28 (before, each was metered by the photo's 2 MB in
    # 512 KB steps, 4 requests each: $105.12)
    api = _line(costs.serverless, "api_gateway", "HTTP API requests")
    assert api.monthly_usd == pytest.approx(26.28)
    # the photos are S3's: 26.28M PUTs x $0.005 per 1,000 = $131.40; storage: a month's
    # 26.28M x 2 MB = 51,328.1 GB kept 7 of 30.42 days = 11,812.5 GB, plus the 50 GB
    # s3_storage_gb = 11,862.5 GB x $0.023 = $272.84 (before: the 50 GB alone, $1.15)
    puts = _line(costs.shared, "s3", "PUT")
    storage = _line(costs.shared, "s3", "Standard storage")
    assert puts.monthly_usd == pytest.approx(131.40)
    assert storage.quantity == pytest.approx(11_862.5, abs=0.1)
    assert storage.monthly_usd == pytest.approx(272.84, abs=0.01)


def _steady_java(mobile_api, rps: float, **assumptions):
    """One function, Java, 512 MB arm64, 100 ms a request at a steady `rps`, on demand."""
    return mobile_api.with_changes(
        runtime=Runtime.JAVA,
        avg_rps=rps,
        peak_rps=rps,
        avg_duration_ms=100.0,
        commitment_years=0,
        assumptions=tuple(assumptions.items()),
    )


def _context(workload):
    return make_context(workload, assumption_values(workload))


def test_a_busy_steady_function_cold_starts_only_when_its_environment_is_recycled(mobile_api):
    # given: 1 req/s all month (2,628,000 requests), 100 ms each: one environment in use
    workload = _steady_java(mobile_api, 1.0)

    # when
    cold = _context(workload).cold_starts()
    duration = _line(compare_costs(workload).serverless, "lambda", "duration")

    # then: a request arrives every second, well inside the 7-minute idle period, so only
    # recycling starts environments: 1 every 2 hours x 730 h = 365 (0.014 %, not 1 %)
    assert cold == pytest.approx(365, abs=0.01)
    # duration: 2,628,000 x 0.1 s x 0.5 GB = 131,400 GB-s, plus INIT 365 x 2.5 s x 0.5 GB
    # = 456.25 GB-s: 131,856.25 x $0.0000133334 = $1.76 (with 1 %: 26,280 INITs, $2.19)
    assert duration.quantity == pytest.approx(131_856.25)
    assert duration.monthly_usd == pytest.approx(1.76, abs=0.005)


def test_a_rarely_called_function_starts_cold_nearly_every_time(mobile_api):
    # given: one request every 10,000 s (about 263 a month)
    context = _context(_steady_java(mobile_api, 0.0001))

    # when
    share = context.cold_starts() / context.requests

    # then: the chance the last request came within 7 minutes is 1 - exp(-0.0001 x 420),
    # about 4 %, so about 96 % arrive cold, and recycling the rare warm one adds the rest
    assert share > 0.95


def test_a_cold_start_share_the_user_sets_replaces_the_model(mobile_api):
    # given
    context = _context(_steady_java(mobile_api, 1.0, cold_start_share=0.01))

    # then: 1 % of 2,628,000
    assert context.cold_starts() == pytest.approx(26_280)


def _benchmark(case_id: str):
    case = next(case for case in decision_cases() if case.id == case_id)
    return load_workload(case.workload)


def _ec2_lines(costs, key: str) -> list:
    option = next(option for option in costs.options if option.key == key)
    return [line for line in option.estimate.items if line.service == "ec2"]


def test_a_synchronous_gpu_api_reserves_its_base_and_bursts_on_demand():
    # given: 20 req/s average, 60 at the peak (2 h a day), 150 ms of GPU each, 1-year term
    workload = _benchmark("synchronous-gpu-inference-api")

    # when
    fleet = _ec2_lines(evaluate(workload).costs, "containers")

    # then: off-peak rate (20 - 60 x 2/24) / (22/24) = 16.36 req/s x 0.15 s = 2.45 GPU-
    # seconds a second, shared by the 4 requests a GPU batches: 0.61 GPUs busy, / 0.6
    # target = 1.02: 2 g5.xlarge all month (one per zone), reserved: 2 x 730 h x $0.6338 =
    # $925.35; peak 60 x 0.15 / 4 / 0.6 = 3.75: 4 instances, 2 more on demand for 2 h x
    # 30.42 days = 60.83 h: 121.67 h x $1.006 = $122.40. Before batching: 5 reserved and
    # 10 more at the peak ($2,925); before that, 22 reserved all month (sized by vCPUs and
    # 16 GB per request in flight), $10,179.
    base, burst = fleet
    assert base.item.startswith("2 x g5.xlarge (1-year reserved")
    assert base.monthly_usd == pytest.approx(925.35, abs=0.01)
    assert burst.item.startswith("2 x g5.xlarge (on-demand)")
    assert burst.monthly_usd == pytest.approx(122.40, abs=0.01)


def test_gpu_jobs_nobody_waits_for_pay_only_their_busy_hours_in_every_option():
    # given: 26,280 six-minute upscaling jobs a month, nobody waiting on them
    workload = _benchmark("asynchronous-gpu-video-jobs")

    # when: as evaluated (the GPU work moved off Lambda)
    costs = evaluate(workload).costs

    # then: six-minute items are jobs of their own, each loading the model first (60 s):
    # 26,280 x (360 + 60) s = 3,066 job-hours / 0.8 busy = 3,832.5 h x $1.006 = $3,855.50 on
    # demand, in the containers and VM options as in serverless (before: 435 instances
    # reserved all month for the containers and VMs, $201,263; then $3,304.71, with no
    # model load priced)
    for key in ("serverless", "containers", "vm_reserved"):
        (line,) = _ec2_lines(costs, key)
        assert line.monthly_usd == pytest.approx(3855.50, abs=0.01), key
