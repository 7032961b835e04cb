"""Prometheus metrics: requests by view and status with their latency (counted in each web
process, summed across gunicorn's processes through PROMETHEUS_MULTIPROC_DIR), and the
export jobs by kind and state, their build times and the queue's depth (read from the
database and the broker at scrape time, so every web process reports the whole
deployment's jobs: aggregate those with max(), not sum())."""

from __future__ import annotations

import datetime as dt
import logging
import os
import time
from collections.abc import Callable, Iterator
from typing import Any

from django.db.models import Count, F
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import GaugeMetricFamily, HistogramMetricFamily
from prometheus_client.registry import Collector

logger = logging.getLogger(__name__)

METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
UNRESOLVED = "<unresolved>"  # no URL matched (a 404 of any address): one label for all
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30)
JOB_BUCKETS = (1, 2, 5, 10, 20, 30, 60, 120, 300)
# Build times are those of the jobs finished this recently (a window, read from the table).
JOB_WINDOW = dt.timedelta(hours=1)

REQUESTS = Counter(
    "advisor_http_requests",
    "HTTP requests answered, by view, method and status",
    ["view", "method", "status"],
)
LATENCY = Histogram(
    "advisor_http_request_duration_seconds",
    "Time to answer an HTTP request, by view",
    ["view"],
    buckets=LATENCY_BUCKETS,
)


class RequestMetricsMiddleware:
    """First in the list: it times everything below it, the operator endpoints included."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        response = self.get_response(request)
        view = _view_name(request)
        method = request.method if request.method in METHODS else "other"
        REQUESTS.labels(view, method, str(response.status_code)).inc()
        LATENCY.labels(view).observe(time.perf_counter() - started)
        return response


def _view_name(request: HttpRequest) -> str:
    ops = getattr(request, "ops_endpoint", "")
    if ops:
        return ops
    match = getattr(request, "resolver_match", None)
    return match.view_name if match is not None else UNRESOLVED


class JobsCollector(Collector):
    """Export jobs by kind and state, recent build times, and the broker's queue depth."""

    def collect(self) -> Iterator[Any]:
        yield from _jobs_by_state()
        yield _build_times()
        yield from _queue_depth()


def _jobs_by_state() -> Iterator[Any]:
    from advisor.exports import exporters
    from advisor.jobs.models import ExportJob

    family = GaugeMetricFamily(
        "advisor_export_jobs",
        "Export jobs in the table, by kind and state",
        labels=["kind", "state"],
    )
    counts = {
        (row["kind"], row["state"]): row["n"]
        for row in ExportJob.objects.values("kind", "state").annotate(n=Count("id"))
    }
    kinds = sorted({e.key for e in exporters()} | {kind for kind, _ in counts})
    for kind in kinds:
        for state in ExportJob.State.values:
            family.add_metric([kind, state], counts.get((kind, state), 0))
    yield family


def _build_times() -> HistogramMetricFamily:
    from advisor.jobs.models import ExportJob

    since = timezone.now() - JOB_WINDOW
    rows = ExportJob.objects.filter(
        state=ExportJob.State.DONE, finished_at__gte=since, started_at__isnull=False
    ).annotate(took=F("finished_at") - F("started_at"))
    seconds = [row.took.total_seconds() for row in rows.only("finished_at", "started_at")]
    buckets = [(str(bound), sum(1 for s in seconds if s <= bound)) for bound in JOB_BUCKETS]
    buckets.append(("+Inf", len(seconds)))
    family = HistogramMetricFamily(
        "advisor_export_job_duration_seconds",
        f"Build time of the last attempt of export jobs finished in the last {JOB_WINDOW}",
    )
    family.add_metric([], buckets, sum_value=sum(seconds))
    return family


def _queue_depth() -> Iterator[Any]:
    from advisor.celery import app, broker_folders_ensure

    queue = app.conf.task_default_queue
    up = GaugeMetricFamily("advisor_broker_up", "1 when the broker answered this scrape")
    try:
        broker_folders_ensure()
        with app.connection_for_read() as broker:
            broker.ensure_connection(max_retries=1)
            depth = _message_count(broker, queue)
    except Exception as exc:  # the broker is away: say so, and leave the depth out
        logger.warning("metrics: the broker did not answer (%s)", type(exc).__name__)
        up.add_metric([], 0)
        yield up
        return
    up.add_metric([], 1)
    yield up
    family = GaugeMetricFamily(
        "advisor_export_queue_depth", "Export tasks waiting in the broker", labels=["queue"]
    )
    family.add_metric([queue], depth)
    yield family


def _message_count(broker: Any, queue: str) -> int:
    from kombu.exceptions import ChannelError

    try:
        return int(broker.default_channel.queue_declare(queue=queue, passive=True).message_count)
    except ChannelError:  # no such queue yet: nothing was ever sent to it
        return 0


def metrics_exposition() -> tuple[bytes, str]:
    """The text exposition of every metric, and its content type."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        processes = CollectorRegistry()
        multiprocess.MultiProcessCollector(processes)
        requests = generate_latest(processes)
    else:
        requests = generate_latest(REGISTRY)
    jobs = CollectorRegistry(auto_describe=False)
    jobs.register(JobsCollector())
    return requests + generate_latest(jobs), CONTENT_TYPE_LATEST
