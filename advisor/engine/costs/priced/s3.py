"""Amazon S3 Standard: storage by volume tier, PUT-class and GET requests."""

from __future__ import annotations

from advisor.engine.costs.lines import Table, priced_lines
from advisor.engine.costs.params import gigabytes, per_month
from advisor.engine.costs.priced.base import PricedService, keyword_pricer
from advisor.engine.results import CostLine


def s3_lines(table: Table, *, storage_gb: float, puts: float, gets: float) -> list[CostLine]:
    return (
        priced_lines(table["s3", "storage"], storage_gb, "Standard storage")
        + priced_lines(table["s3", "put_requests"], puts / 1000, "PUT/COPY/POST/LIST requests")
        + priced_lines(table["s3", "get_requests"], gets / 1000, "GET requests")
    )


SERVICE = PricedService(
    key="s3",
    params=(
        gigabytes("storage_gb", 100, "data stored in S3 Standard, GB"),
        per_month("put_requests_per_month", 10_000, "PUT/COPY/POST/LIST requests a month"),
        per_month("get_requests_per_month", 100_000, "GET requests a month"),
    ),
    pricer=keyword_pricer(s3_lines, put_requests_per_month="puts", get_requests_per_month="gets"),
)
