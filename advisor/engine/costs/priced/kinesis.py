"""Amazon Kinesis Data Streams in either capacity mode: provisioned (shard-hours and 25 KB
PUT payload units, standard reads included) or on-demand (stream-hours, data in with each
record rounded up to 1 KB, and data out per consumer); enhanced fan-out consumers on top
(consumer-shard hours and GB read in provisioned mode, GB read on demand)."""

from __future__ import annotations

import math

from advisor.engine.costs.catalog import pricing_catalog
from advisor.engine.costs.lines import Table, chunks, priced_lines
from advisor.engine.costs.params import choice, hours, number, per_month, whole
from advisor.engine.costs.priced.base import PricedService, keyword_pricer
from advisor.engine.results import CostLine

KB_PER_GB = 1024**2
MODES = ("provisioned", "on_demand")
MAX_RECORD_KB = 1024  # https://docs.aws.amazon.com/streams/latest/dev/service-sizes-and-limits.html


def kinesis_lines(
    table: Table,
    *,
    mode: str,
    shards: float,
    hours: float,
    records: float,
    record_kb: float,
    consumers: float = 1,
    efo_consumers: int = 0,
) -> list[CostLine]:
    """A month of one stream. `shards` matters in provisioned mode only (on-demand sizes
    itself); `consumers` (standard, shared-throughput readers) only on-demand, where each
    one's reads are billed; `efo_consumers` read through enhanced fan-out in either mode."""
    meter = pricing_catalog().meter
    if mode == "provisioned":
        units = records * chunks(record_kb, meter("kinesis", "put_payload_unit_kb"))
        return (
            priced_lines(
                table["kinesis", "shard_hours"], shards * hours, f"{shards:g} x shard hours"
            )
            + priced_lines(table["kinesis", "put_payload_units"], units / 1e6, "PUT payload units")
            + _fan_out_lines(table, mode, efo_consumers, shards * hours, records * record_kb)
        )
    rounding = meter("kinesis", "on_demand_record_rounding_kb")
    gb_in = records * math.ceil(record_kb / rounding) * rounding / KB_PER_GB
    lines = priced_lines(
        table["kinesis", "on_demand_stream_hours"], hours, "on-demand stream hours"
    ) + priced_lines(table["kinesis", "on_demand_data_in"], gb_in, "data in")
    if consumers:
        lines += priced_lines(table["kinesis", "on_demand_data_out"], gb_in * consumers, "data out")
    return lines + _fan_out_lines(table, mode, efo_consumers, 0.0, records * record_kb)


def _fan_out_lines(
    table: Table, mode: str, consumers: int, shard_hours: float, kb_read: float
) -> list[CostLine]:
    """Enhanced fan-out consumers: each reads every record (GB of data retrievals) and, in
    provisioned mode, is billed for every shard it is subscribed to by the hour."""
    if consumers <= 0:
        return []
    gb = kb_read * consumers / KB_PER_GB
    words = f"{consumers:g} enhanced fan-out consumers"
    if mode != "provisioned":
        return priced_lines(
            table["kinesis", "on_demand_efo_data_retrieval"], gb, f"{words}: data retrievals"
        )
    return priced_lines(
        table["kinesis", "efo_consumer_shard_hours"],
        consumers * shard_hours,
        f"{words}: consumer-shard hours",
    ) + priced_lines(table["kinesis", "efo_data_retrieval"], gb, f"{words}: data retrievals")


SERVICE = PricedService(
    key="kinesis",
    params=(
        choice("mode", "provisioned", "capacity mode", MODES),
        whole("shards", 1, "shards (provisioned mode)", maximum=100_000),
        hours("hours the stream exists in the month"),
        per_month("records_per_month", 1_000_000, "records written a month"),
        number("record_kb", 1, "record size, KB", maximum=MAX_RECORD_KB),
        whole("consumers", 1, "consumers reading every record (on-demand mode)", maximum=20),
        whole("efo_consumers", 0, "enhanced fan-out consumers reading every record", maximum=20),
    ),
    pricer=keyword_pricer(kinesis_lines, records_per_month="records"),
)
