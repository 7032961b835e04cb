"""The registry of priced services: one entry per pricing file, every key bounded."""

from __future__ import annotations

import pytest

from advisor.engine.costs import price_service, pricing_catalog
from advisor.engine.costs.registry import REGISTRY, display_name, short_name
from advisor.errors import UserMessageError


def test_every_pricing_file_has_one_registry_entry_and_back():
    assert set(REGISTRY) == set(pricing_catalog().services)


@pytest.mark.parametrize("service", sorted(REGISTRY))
def test_every_number_key_has_a_ceiling_and_a_default_under_it(service):
    for param in REGISTRY[service].params:
        if param.kind in ("number", "whole"):
            assert param.maximum is not None, (service, param.name)
            assert 0 <= param.default <= param.maximum, (service, param.name)
        else:
            assert param.maximum is None, (service, param.name)


@pytest.mark.parametrize("service", sorted(REGISTRY))
def test_a_value_above_a_ceiling_is_refused_naming_the_key(service):
    for param in REGISTRY[service].params:
        if param.maximum is None:
            continue
        # when / then
        with pytest.raises(UserMessageError, match=f"{param.name}.*ceiling"):
            price_service(service, {param.name: "1e308"})


def test_a_value_at_the_ceiling_is_priced():
    # when
    estimate = price_service("lambda", {"memory_mb": "10240"})

    # then
    assert estimate.monthly_usd > 0


def test_display_names_come_from_the_pricing_files():
    assert display_name("lambda") == "AWS Lambda"
    assert short_name("lambda") == "Lambda"
    assert short_name("alb") == "Load balancer"
