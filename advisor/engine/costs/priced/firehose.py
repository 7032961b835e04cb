"""Amazon Data Firehose with a Direct PUT source: ingestion per GB, each record rounded up
to the next 5 KB; delivery to S3 adds nothing (S3 bills each delivered object's PUT)."""

from __future__ import annotations

from advisor.engine.costs.catalog import pricing_catalog
from advisor.engine.costs.lines import Table, chunks, priced_lines
from advisor.engine.costs.params import number, per_month
from advisor.engine.costs.priced.base import PricedService, keyword_pricer
from advisor.engine.results import CostLine

KB_PER_GB = 1024**2


def billed_gb(records: float, record_kb: float) -> float:
    """GB Firehose bills for `records` of `record_kb` each: every record in 5 KB steps."""
    rounding = pricing_catalog().meter("firehose", "record_rounding_kb")
    return records * chunks(record_kb, rounding) * rounding / KB_PER_GB


def firehose_lines(table: Table, *, records: float, record_kb: float) -> list[CostLine]:
    return priced_lines(
        table["firehose", "ingestion"],
        billed_gb(records, record_kb),
        "ingestion (records rounded up to 5 KB)",
    )


SERVICE = PricedService(
    key="firehose",
    params=(
        per_month("records_per_month", 1_000_000, "records put a month"),
        number("record_kb", 1, "record size, KB", maximum=1000),
    ),
    pricer=keyword_pricer(firehose_lines, records_per_month="records"),
)
