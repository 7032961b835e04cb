"""The cost engine: pricing knowledge, one-service prices and the three-way comparison.

pricing_catalog()                   regions, services, as_of, assumptions, price tables
price_service(service, params)     `manage.py price`: line items for one service
service_parameters(service)        the keys `price` takes for a service, described
compare_costs(workload, ...)       serverless vs Fargate vs reserved EC2, break-even, advice
priced_options(workload, ...)      the same options priced, without the break-even or advice
option_totals_at_rates(...)        some options' totals at many rates (the cost curve's points)

registry.REGISTRY                  one entry per priced service (keys, pricer); priced/<service>.py
                                   holds its line-item functions, which the comparison calls
examples.pricing_examples()        AWS's worked examples (knowledge/pricing/examples), priced
"""

from __future__ import annotations

from advisor.engine.costs.catalog import AssumptionSpec, PricingCatalog, pricing_catalog
from advisor.engine.costs.compare import compare_costs, option_totals_at_rates, priced_options
from advisor.engine.costs.pricing import price_service, priceable_services, service_parameters

__all__ = [
    "AssumptionSpec",
    "PricingCatalog",
    "compare_costs",
    "option_totals_at_rates",
    "price_service",
    "priceable_services",
    "priced_options",
    "pricing_catalog",
    "service_parameters",
]
