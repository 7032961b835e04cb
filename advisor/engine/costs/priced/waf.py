"""AWS WAF: web ACLs and rules by the month, and requests inspected."""

from __future__ import annotations

from advisor.engine.costs.lines import Table, priced_lines
from advisor.engine.costs.params import number, per_month
from advisor.engine.costs.priced.base import PricedService, keyword_pricer
from advisor.engine.results import CostLine


def waf_lines(table: Table, *, web_acls: float, rules: float, requests: float) -> list[CostLine]:
    """`rules` counts every rule and managed rule group across the web ACLs."""
    return (
        priced_lines(table["waf", "web_acls"], web_acls, "web ACLs")
        + priced_lines(table["waf", "rules"], rules, "rules")
        + priced_lines(table["waf", "requests"], requests / 1e6, "requests inspected")
    )


SERVICE = PricedService(
    key="waf",
    params=(
        number("web_acls", 1, "web ACLs kept all month", maximum=1e4),
        number("rules", 5, "rules and rule groups across them", maximum=1e5),
        per_month("requests_per_month", 1_000_000, "requests inspected a month"),
    ),
    pricer=keyword_pricer(waf_lines, requests_per_month="requests"),
)
