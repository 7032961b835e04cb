"""The cost model's view of a workload: its price table, its assumptions and derived volumes."""

from __future__ import annotations

import functools
import math
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from advisor.engine import facts as load
from advisor.engine import fargate, platform
from advisor.engine.costs.catalog import pricing_catalog
from advisor.engine.costs.services import KB_PER_GB, Table
from advisor.engine.facts import LAMBDA_MB_PER_VCPU
from advisor.engine.results import AssumptionValue, JobTask
from advisor.engine.workload import (
    HOURS_PER_MONTH,
    Connections,
    DataStore,
    TrafficPattern,
    Trigger,
    Workload,
)

BYTES_PER_GB = 1024**3
LAMBDA_MAX_MEMORY_MB = 10240
API_CALL_KB = 1.0  # a JSON call asking for a presigned URL, or an approval callback
# Fargate and EC2 Linux bill by the second with a one-minute minimum for each task or
# instance started (https://aws.amazon.com/fargate/pricing/,
# https://aws.amazon.com/ec2/pricing/on-demand/).
BILLED_MINIMUM_S = 60


@dataclass(frozen=True)
class Context:
    workload: Workload
    table: Table
    a: Mapping[str, float]  # assumption values: defaults overlaid with the workload's own

    def scaled(self, share: float) -> Context:
        """The same workload carrying `share` of its traffic (one entry point of several)."""
        w = self.workload
        return self.at_rate(w.avg_rps * share, w.peak_rps * share)

    def at_rate(self, avg_rps: float, peak_rps: float) -> Context:
        moved = self.workload.with_changes(avg_rps=avg_rps, peak_rps=peak_rps)
        return Context(moved, self.table, self.a)

    @property
    def requests(self) -> float:
        return self.workload.requests_per_month

    @property
    def free_tier(self) -> bool:
        return self.workload.include_free_tier

    @property
    def duration_s(self) -> float:
        return self.workload.avg_duration_ms / 1000

    @property
    def queue_fed(self) -> bool:
        return queue_fed(self.workload)

    @property
    def stream_fed(self) -> bool:
        return stream_fed(self.workload)

    @property
    def kinesis_fed(self) -> bool:
        return kinesis_fed(self.workload, self.a)

    def records_per_invocation(self) -> float:
        return records_per_invocation(self.workload, self.a)

    @property
    def consumer_runs_per_request(self) -> float:
        """Runs of the work one request sets off: its own and, for each published event,
        one per consumer past the first (each independent consumer does its own work, on
        Lambda or on a fleet alike)."""
        return consumer_runs_per_request(self.workload, self.a)

    def other_consumer_invocations(self) -> float:
        """Invocations a month of the consumers past the first: each reads every
        published event in its own batches (its queue's, or its stream mapping's)."""
        extra = self.workload.consumers_per_event - 1
        if not extra:
            return 0.0
        events = self.requests * self.a["pubsub_publishes_per_request"]
        return extra * events / consumer_records_per_invocation(self.workload, self.a)

    @property
    def needs_load_balancer(self) -> bool:
        w = self.workload
        return Trigger.HTTP in w.triggers or w.persistent_connections != Connections.NONE

    @property
    def uses_key_value_store(self) -> bool:
        return self.workload.data_store in (DataStore.KEY_VALUE, DataStore.DOCUMENT)

    @property
    def uses_s3(self) -> bool:
        w = self.workload
        return w.data_store == DataStore.OBJECT or Trigger.FILE_UPLOAD in w.triggers

    @property
    def cpu_share(self) -> float:
        """Share of a request's duration that occupies a vCPU on a container or VM."""
        return 1.0 if self.workload.cpu_bound else self.a["io_bound_cpu_share"]

    @property
    def lambda_vcpu(self) -> float:
        """The CPU share Lambda gives a run at the workload's memory (1 vCPU per 1,769 MB)."""
        return min(self.workload.memory_mb, LAMBDA_MAX_MEMORY_MB) / LAMBDA_MB_PER_VCPU

    @property
    def computing_s(self) -> float:
        """Seconds of one run spent computing, on Lambda's CPU share at its memory: all of
        a CPU-bound run; otherwise its share of the run, up to `io_bound_cpu_ms_max`, past
        which a longer run is waiting (a proxy held 2 s by its partner computes for
        milliseconds, however long the wait)."""
        if self.workload.cpu_bound:
            return self.duration_s
        ceiling_s = self.a["io_bound_cpu_ms_max"] / 1000
        return min(self.duration_s * self.cpu_share, ceiling_s)

    def vcpu_needed(self, rps: float) -> float:
        """vCPUs a fleet needs to serve `rps` at the target utilisation.

        The run time was measured on Lambda's CPU share at that memory, so the work per
        request is the run's computing time x that share.
        """
        busy = rps * self.consumer_runs_per_request * self.computing_s * self.lambda_vcpu
        return busy / max(self.a["container_target_utilisation"], 0.01)

    def memory_gb_needed(self, rps: float) -> float:
        """Memory a fleet needs for the runs in flight at `rps`. A request a server answers
        holds its memory while it computes; waiting on I/O it keeps only its state in a
        process that serves many at once (not a Lambda environment's whole memory each),
        so those runs count for the time they compute, as the vCPUs do. A job or an
        event's work holds its data for the whole run."""
        held_s = self.computing_s if self.needs_load_balancer else self.duration_s
        runs = rps * self.consumer_runs_per_request
        return runs * held_s * self.workload.memory_mb / 1024

    def fleet_memory_gb(self, rps: float) -> float:
        """Memory a container or VM fleet needs at `rps`: its runs in flight, and the
        long-lived connections it keeps open (a million idle MQTT devices need tens of
        GB however little they send)."""
        held = 0.0
        if self.workload.persistent_connections != Connections.NONE:
            held = self.connections_open() * self.a["connection_memory_kb"] / KB_PER_GB
        return self.memory_gb_needed(rps) + held

    @functools.cached_property
    def fleet_task(self) -> JobTask:
        """The size of a container fleet's task: the cheapest Fargate size whose fleet
        carries the load (engine/fargate.py `fleet_task_size`). The estimate prices it, the
        design describes it and the starter repo builds it. The assumed size
        (`fargate_task_vcpu`, `fargate_task_memory_gb`) is the largest a fleet is built
        from unless one run needs more."""
        return fargate.fleet_task_size(
            self.workload.memory_mb,
            least_vcpu=self.fleet_least_vcpu(),
            ceiling=JobTask(self.a["fargate_task_vcpu"], self.a["fargate_task_memory_gb"]),
            fleet_cost=self.fleet_task_cost,
            larger_premium_max=self.a["fleet_larger_task_premium_max"],
        )

    def fleet_least_vcpu(self) -> float:
        """The least vCPU a task may have and still answer one run within the latency
        target: the run's computing, measured on Lambda's CPU share, takes share / vCPU as
        long on a smaller task, and only the slack up to the target may absorb that (a run
        already past its target keeps at least Lambda's share, as measured)."""
        run_s = self.duration_s
        budget_s = max(self.workload.p95_latency_ms / 1000, run_s)
        computing_slack_s = budget_s - (run_s - self.computing_s)
        if computing_slack_s <= 0:
            return self.lambda_vcpu
        return self.computing_s * self.lambda_vcpu / computing_slack_s

    def fleet_task_cost(self, task: JobTask) -> float:
        """A month of the fleet built from tasks of this size, at on-demand rates (the
        same ranking a Savings Plan's rates give, as it takes the same share off both
        meters): the runs' own task-hours where it runs on a schedule, otherwise its tasks
        all month and the busy hours' extra ones."""
        arch = self.workload.architecture.value
        hourly = (
            task.vcpu * self.table["fargate", f"vcpu_{arch}"].unit_price_usd
            + task.memory_gb * self.table["fargate", f"memory_{arch}"].unit_price_usd
        )
        if runs_on_a_schedule(self):
            return hourly * self.work_hours(task.vcpu, task.memory_gb)
        base, peak = self.fleet_task_counts(task)
        peak_hours = 0.0 if self.buffered else self.peak_hours_per_month()
        return hourly * (base * HOURS_PER_MONTH + (peak - base) * peak_hours)

    @functools.cached_property
    def fleet_loads(self) -> tuple[tuple[float, float], tuple[float, float]]:
        """(vCPUs, GB) an always-on fleet must have off-peak and at the peak: the average
        load both times when queues absorb the bursts. Every task and instance size the
        options weigh is sized against these, so they are worked out once."""
        w = self.workload
        rates = (w.avg_rps, w.avg_rps) if self.buffered else (self.warm_rps(), w.peak_rps)
        base, peak = ((self.vcpu_needed(rps), self.fleet_memory_gb(rps)) for rps in rates)
        return base, peak

    def fleet_task_counts(self, task: JobTask) -> tuple[int, int]:
        """Tasks of this size an always-on fleet runs off-peak and at the peak."""
        base, peak = self.fleet_loads
        return self.units_holding(base, task.vcpu, task.memory_gb), self.units_holding(
            peak, task.vcpu, task.memory_gb
        )

    def units_holding(self, load: tuple[float, float], vcpu: float, memory_gb: float) -> int:
        """Tasks of this size that hold `load` (vCPUs, GB), never fewer than `min_tasks`."""
        need_vcpu, need_gb = load
        return max(
            math.ceil(self.a["min_tasks"]),
            math.ceil(need_vcpu / vcpu),
            math.ceil(need_gb / memory_gb),
        )

    @functools.cached_property
    def _work_loads(self) -> tuple[float, float, float]:
        """The runs' vCPUs and GB at the average rate, and the hours a month something
        started for them is up (each start billed at least a minute)."""
        w = self.workload
        held = self.hours_held_by_runs(max(self.duration_s, BILLED_MINIMUM_S))
        return self.vcpu_needed(w.avg_rps), self.fleet_memory_gb(w.avg_rps), held

    def work_hours(self, vcpu: float, memory_gb: float) -> float:
        """Hours a month of one task or instance of this size for the runs' own compute (at
        the utilisation target): what a fleet started for the runs bills, by the second. A
        task or instance started for a run is billed at least a minute, so it is up whenever
        a run began within the last minute: runs far apart bill a minute each, a job every
        minute keeps one up most of the month, and a nightly batch's overlapping items
        share the tasks started for it."""
        need_vcpu, need_gb, held = self._work_loads
        return max(HOURS_PER_MONTH * max(need_vcpu / vcpu, need_gb / memory_gb), held)

    def peak_vcpu_needed(self) -> float:
        return self.vcpu_needed(self.workload.peak_rps)

    def peak_memory_gb_needed(self) -> float:
        return self.memory_gb_needed(self.workload.peak_rps)

    @property
    def buffered(self) -> bool:
        """Queues and events absorb the bursts, so a fleet can be sized for the average load
        instead of the peak: only when no caller waits on a connection and the work may
        wait out the busy hours (a backlog built at the peak drains only after it)."""
        w = self.workload
        busy_hours_ms = self.a["peak_hours_per_day"] * 3_600_000
        waits_out_the_peak = w.p95_latency_ms >= busy_hours_ms
        return (
            Trigger.HTTP not in w.triggers
            and w.persistent_connections == Connections.NONE
            and waits_out_the_peak
        )

    def peak_hours_per_month(self) -> float:
        return load.peak_hours_per_month(self.workload, self.a["peak_hours_per_day"])

    def base_rps(self) -> float:
        return load.base_rps(self.workload, self.a["peak_hours_per_day"])

    def hours_held_by_runs(self, held_s: float) -> float:
        """Hours a month during which something a run holds for `held_s` from its start is
        held (a paused database kept awake, a task kept up): in each part of the day (busy
        hours at the peak rate, the rest at the base rate) the share of time with a run
        started within the last `held_s`, arrivals taken as random.

        Unpredictable traffic has no busy hours to gather its runs in: where a rate far
        below its peak leaves the split day with no base load at all (0.02 req/s against a
        peak of 2 reads as a quarter of an hour a day at the peak), the same runs may as
        well arrive at random through the `active_hours_per_day` in which people and their
        systems work, one every 20 s or so, keeping a pausing database awake all that
        time. The larger of the two is taken, as an architect sizing for what nobody can
        predict would."""
        peak_h = self.peak_hours_per_month()
        held = 0.0
        for rps, hours in (
            (self.workload.peak_rps, peak_h),
            (self.base_rps(), HOURS_PER_MONTH - peak_h),
        ):
            held += hours * (1 - math.exp(-rps * held_s))
        if self.workload.traffic_pattern == TrafficPattern.UNPREDICTABLE:
            active_h = min(max(self.a["active_hours_per_day"], 1.0), 24.0)
            rps = self.workload.avg_rps * 24 / active_h
            spread = HOURS_PER_MONTH * active_h / 24 * (1 - math.exp(-rps * held_s))
            held = max(held, spread)
        return held

    def warm_rps(self) -> float:
        """The rate the capacity a fleet keeps running all month must carry: the off-peak
        rate where peaks come on a schedule (scaled ahead of them) or hardly at all, or
        where the work may wait for new capacity (`scale_out_minutes`); where bursts come
        unannounced (spiky, unpredictable) to callers who cannot wait that long, the peak
        at `burst_utilisation` of the running capacity's CPU. Sized at
        `container_target_utilisation`, that is the peak x target / burst share."""
        w = self.workload
        waits_for_capacity = w.p95_latency_ms >= self.a["scale_out_minutes"] * 60_000
        unannounced = w.traffic_pattern in (TrafficPattern.SPIKY, TrafficPattern.UNPREDICTABLE)
        if waits_for_capacity or not unannounced:
            return self.base_rps()
        share = self.a["container_target_utilisation"] / max(self.a["burst_utilisation"], 0.01)
        return max(self.base_rps(), min(w.peak_rps * share, w.peak_rps))

    def cold_starts(self) -> float:
        """New execution environments a month, each a cold start (an INIT billed, or a
        SnapStart restore). A share the user set replaces the model."""
        if self.requests <= 0:
            return 0.0
        share = dict(self.workload.assumptions).get("cold_start_share", 0.0)
        if share > 0:
            hourly = min(self.requests, float(HOURS_PER_MONTH))
            return max(self.requests * share, hourly)
        return min(self._modelled_cold_starts(), self.requests)

    def _modelled_cold_starts(self) -> float:
        """Environments started a month, from the load and how long environments live.

        In each part of the day (the busy hours at the peak rate, the rest at the base
        rate): a request finds no warm environment when none arrived within the idle period
        (at a Poisson rate r, a share exp(-r x idle)), the environments in use (concurrency,
        at least one) are recycled once per lifetime, and each day the climb from the base's
        concurrency to the peak's starts the difference anew.
        """
        a, w = self.a, self.workload
        idle_s = a["lambda_idle_environment_minutes"] * 60
        lifetime_h = max(a["lambda_environment_lifetime_hours"], 0.01)
        per_invocation = self.requests and self._invocations_per_request()
        peak_h = self.peak_hours_per_month()
        total = 0.0
        for rps, hours in ((w.peak_rps, peak_h), (self.base_rps(), HOURS_PER_MONTH - peak_h)):
            rate = rps * per_invocation  # invocations a second
            if rate <= 0 or hours <= 0:
                continue
            warm_share = 1 - math.exp(-rate * idle_s)
            in_use = max(rps * self.duration_s, 1.0)
            total += rate * 3600 * hours * (1 - warm_share)  # arrivals to a cold function
            total += in_use * warm_share * hours / lifetime_h  # recycled while warm
        climb = max(0.0, (w.peak_rps - self.base_rps()) * self.duration_s)
        return total + climb * HOURS_PER_MONTH / 24

    def _invocations_per_request(self) -> float:
        """SQS and streams hand their functions batches, one invocation each."""
        return 1 / self.records_per_invocation()

    @property
    def uploads(self) -> float:
        """Files uploaded a month: the requests that upload one. Every count derived from
        uploads (S3 requests and storage, presigned-URL calls, the upload events'
        idempotency records) starts here."""
        return self.requests * self.workload.uploading_share

    def upload_storage_gb(self) -> float:
        """The uploads kept in S3 on average: a month's bytes for the days they are kept
        (the payload of an upload workload is the file, which goes straight to S3 through a
        presigned URL)."""
        days_per_month = HOURS_PER_MONTH / 24
        kept = min(self.a["upload_retention_days"] / days_per_month, 1.0)
        return self.uploads * self.workload.payload_kb / KB_PER_GB * kept

    @property
    def api_payload_kb(self) -> float:
        """The size an API call is metered at. With uploads, the payload is the file, sent to
        S3 on a presigned URL: the API carries only the small call that asks for it, metered
        as one request. The requests that upload nothing (`upload_share` below 1) are
        metered at that small call's size as well: `payload_kb` is the file's size, not
        theirs, and the HTTP API meters any request under 512 KB as one anyway."""
        w = self.workload
        if Trigger.FILE_UPLOAD in w.triggers:
            return min(w.payload_kb, API_CALL_KB)
        return w.payload_kb

    @property
    def api_response_kb(self) -> float:
        """The size of an answer passing through the front door (what a load balancer
        processes). Objects kept in S3 are handed out on presigned GET URLs, by the
        functions and a fleet alike: the answer carries the URL and S3 sends the object
        itself, the same data out either way (priced once, among the shared lines)."""
        w = self.workload
        if w.data_store == DataStore.OBJECT:
            return min(w.response_kb, API_CALL_KB)
        return w.response_kb

    def egress_gb(self) -> float:
        """Data sent out to the internet a month: the responses waiting callers receive."""
        return self.requests * self.workload.response_kb / KB_PER_GB

    @property
    def workflow_executions(self) -> float:
        return self.requests * self.workload.workflow_share

    def connections_open(self) -> float:
        """Long-lived connections open at once: as answered, else one per message a minute."""
        w = self.workload
        if w.concurrent_connections is not None:
            return float(w.concurrent_connections)
        per_message = self.a["websocket_connection_minutes_per_message"]
        return w.avg_rps * 60 * per_message


def queue_fed(workload: Workload) -> bool:
    """Events reach the functions through SQS (batched) rather than one call each."""
    return Trigger.QUEUE in workload.triggers and Trigger.HTTP not in workload.triggers


def stream_fed(workload: Workload) -> bool:
    """Changes reach the functions from a DynamoDB stream, which Lambda reads in batches
    per shard, never one call per change."""
    return workload.triggers == (Trigger.DB_CHANGE,)


def events_streamed(workload: Workload, a: Mapping[str, float]) -> bool:
    """Published events go through a Kinesis data stream instead of an SNS topic: from
    the volume where SNS's charge per publish outgrows a stream (the assumption's reason),
    in a region whose Kinesis rates are recorded."""
    return (
        Trigger.PUBSUB in workload.triggers
        and workload.avg_rps >= a["event_stream_min_events_per_s"]
        and ("kinesis", "shard_hours") in pricing_catalog().table(workload.region)
    )


def kinesis_fed(workload: Workload, a: Mapping[str, float]) -> bool:
    """The events are the work and Lambda reads them from the stream in batches (beside
    an HTTP API, the rate is the requests, one invocation each; a queue keeps its own)."""
    return (
        events_streamed(workload, a)
        and Trigger.HTTP not in workload.triggers
        and not queue_fed(workload)
    )


def enhanced_fan_out(workload: Workload, a: Mapping[str, float]) -> bool:
    """Each consumer of the stream reads through an enhanced fan-out consumer of its own:
    more consumers than share a shard's reads well (`kinesis_shared_consumers_max`)."""
    return workload.consumers_per_event > a["kinesis_shared_consumers_max"]


def events_fanned_out_to_queues(workload: Workload, a: Mapping[str, float]) -> bool:
    """Published events below the stream's volume reach several consumers through the
    topic's subscriptions, one SQS queue each (one consumer keeps the topic's own call)."""
    return (
        Trigger.PUBSUB in workload.triggers
        and workload.consumers_per_event > 1
        and not events_streamed(workload, a)
    )


def consumer_runs_per_request(workload: Workload, a: Mapping[str, float]) -> float:
    extra = workload.consumers_per_event - 1
    return 1.0 + extra * a["pubsub_publishes_per_request"] if extra else 1.0


def kinesis_reading(workload: Workload, a: Mapping[str, float]) -> tuple[int, int]:
    """(shards, parallelization factor) of the stream and its event source mapping.

    Shards carry the sustained peak's writes (records and bytes a second per shard); Lambda
    runs one batch per shard at a time times the parallelization factor (at most 10), so
    work that needs more concurrent runs than that takes more shards. Beside an API or a
    queue, the run time answered is that work's, not the subscriber's: writes size it."""
    meter = pricing_catalog().meter
    peak = workload.peak_rps
    by_records = peak / meter("kinesis", "shard_records_per_s")
    by_bytes = peak * workload.payload_kb / 1024 / meter("kinesis", "shard_mb_per_s")
    # Standard readers share a shard's reads: each reads every byte written to it.
    readers = 1 if enhanced_fan_out(workload, a) else workload.consumers_per_event
    by_reads = peak * workload.payload_kb / 1024 * readers / meter("kinesis", "shard_read_mb_per_s")
    work_s = workload.avg_duration_ms / 1000 if kinesis_fed(workload, a) else 0.0
    concurrency = peak * work_s
    most = int(platform.limit("lambda_stream_max_parallelization_factor"))
    needed = math.ceil(max(by_records, by_bytes, by_reads))
    shards = max(1, needed, math.ceil(concurrency / most))
    factor = min(most, max(1, math.ceil(concurrency / shards)))
    return shards, factor


def records_per_invocation(
    workload: Workload, a: Mapping[str, float], rate: float | None = None
) -> float:
    """Events one invocation handles at `rate` (the average by default): SQS's batch; on a
    stream, what arrives for one batch (a shard's share, split between its concurrent
    batches) while Lambda gathers it (the batching window, or between two polls without
    one), up to the batch size; else one."""
    if queue_fed(workload) or _events_are_queued_work(workload, a):
        return max(a["sqs_batch_size"], 1.0)
    rate = workload.avg_rps if rate is None else rate
    if kinesis_fed(workload, a):
        shards, factor = kinesis_reading(workload, a)
        batches, polls_per_s = shards * factor, a["kinesis_polls_per_s"]
    elif stream_fed(workload):
        batches = max(1.0, math.ceil(rate / max(a["stream_shard_records_per_s"], 1.0)))
        polls_per_s = a["stream_polls_per_s"]
    else:
        return 1.0
    return _gathered(rate, batches, polls_per_s, a)


def _gathered(rate: float, batches: float, polls_per_s: float, a: Mapping[str, float]) -> float:
    """Records one batch takes: what reaches it while Lambda gathers (the batching window,
    or between two polls without one), up to the batch size."""
    gathered_s = max(a["stream_batching_window_s"], 1 / max(polls_per_s, 1.0))
    return min(max(a["stream_batch_size"], 1.0), max(1.0, rate / batches * gathered_s))


def _events_are_queued_work(workload: Workload, a: Mapping[str, float]) -> bool:
    """The published events are the work and each consumer reads them from its own queue."""
    return events_fanned_out_to_queues(workload, a) and Trigger.HTTP not in workload.triggers


def consumer_records_per_invocation(workload: Workload, a: Mapping[str, float]) -> float:
    """Events one run of a consumer past the first handles: what the work's own run
    takes where the events are the work; beside an API (whose runs are the requests),
    an SQS batch from its queue, or a stream's batch at the events' rate."""
    if Trigger.HTTP not in workload.triggers and not queue_fed(workload):
        return records_per_invocation(workload, a)
    if not events_streamed(workload, a):
        return max(a["sqs_batch_size"], 1.0)
    shards, factor = kinesis_reading(workload, a)
    events_per_s = workload.avg_rps * a["pubsub_publishes_per_request"]
    return _gathered(events_per_s, shards * factor, a["kinesis_polls_per_s"], a)


def assumption_values(workload: Workload) -> dict[str, float]:
    return dict(_assumption_values(workload.assumptions))


# Both depend on the overrides alone, and every pricing asks for them (a cost curve or a
# break-even search prices the same workload dozens of times): worked out once per set.
@functools.lru_cache(maxsize=256)
def _assumption_values(overrides: tuple[tuple[str, float], ...]) -> Mapping[str, float]:
    values = {name: spec.default for name, spec in pricing_catalog().assumptions.items()}
    for name, value in overrides:
        if name in values:  # the form rejects unknown names; the engine just ignores them
            values[name] = value
    return MappingProxyType(values)


def assumption_report(workload: Workload) -> tuple[AssumptionValue, ...]:
    """Each assumption with the value the workload prices it at."""
    return _assumption_report(workload.assumptions)


@functools.lru_cache(maxsize=256)
def _assumption_report(overrides: tuple[tuple[str, float], ...]) -> tuple[AssumptionValue, ...]:
    values = _assumption_values(overrides)
    overridden = {name for name, _ in overrides}
    return tuple(
        AssumptionValue(
            name=name,
            value=values[name],
            unit=spec.unit,
            description=spec.description,
            overridden=name in overridden,
        )
        for name, spec in pricing_catalog().assumptions.items()
    )


def make_context(workload: Workload, values: Mapping[str, float]) -> Context:
    return Context(workload, pricing_catalog().table(workload.region), values)


def runs_on_a_schedule(ctx: Context) -> bool:
    """Work started on a schedule that nobody waits on: a fleet for it is started for the
    runs (scheduled scaling, or a task per run from EventBridge Scheduler) and stopped
    after, as the functions run only then; an always-on fleet would idle all day. A
    queue or stream fed at random hours, or a caller waiting, keeps a fleet up."""
    w = ctx.workload
    return (
        w.traffic_pattern == TrafficPattern.SCHEDULED
        and not ctx.needs_load_balancer
        and not w.gpu_required
    )
