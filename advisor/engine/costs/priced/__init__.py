"""One module per priced service: its line-item functions, the keys `price` takes, its pricer.

Each module ends with `SERVICE = PricedService(...)`; advisor.engine.costs.registry lists
them, one line each. The service's prices live in knowledge/pricing/<key>.yaml.
"""
