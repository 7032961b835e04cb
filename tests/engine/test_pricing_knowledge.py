"""The pricing knowledge loads, every row is sourced and dated, and both regions are complete."""

from __future__ import annotations

import pytest

from advisor.engine.costs import pricing_catalog
from advisor.engine.costs.catalog import AssumptionsFileModel, PriceFileModel, raw_price_files
from advisor.engine.knowledge import parse_knowledge
from advisor.errors import KnowledgeFileError

FILES = raw_price_files()
PRICE_FILES = [(path, data) for path, data in FILES if data.get("kind") == "prices"]


@pytest.mark.parametrize(("path", "data"), FILES, ids=[path for path, _ in FILES])
def test_it_loads_every_pricing_file(path, data):
    # given
    model = AssumptionsFileModel if data.get("kind") == "assumptions" else PriceFileModel

    # when
    parsed = parse_knowledge(model, data, where=path)

    # then
    assert parsed.as_of is not None


@pytest.mark.parametrize(("path", "data"), PRICE_FILES, ids=[p for p, _ in PRICE_FILES])
def test_every_price_row_has_a_unit_and_a_dated_web_source(path, data):
    # given
    parsed = parse_knowledge(PriceFileModel, data, where=path)

    # then
    assert parsed.currency == "USD"
    for row in parsed.rows:
        assert row.unit, (path, row.key)
        assert row.sources, (path, row.key)
        assert all(source.url and source.retrieved for source in row.sources), (path, row.key)


def test_it_rejects_a_price_row_without_a_source():
    # given
    data = {
        "kind": "prices",
        "service": "x",
        "name": "X",
        "currency": "USD",
        "as_of": "2026-01-01",
        "rows": [{"region": "us-east-1", "key": "k", "unit": "GB", "price_usd": 1.0}],
    }

    # when / then
    with pytest.raises(KnowledgeFileError, match="broken.yaml.*sources"):
        parse_knowledge(PriceFileModel, data, where="broken.yaml")


def test_it_rejects_a_row_with_both_a_price_and_tiers():
    # given
    row = {
        "region": "us-east-1",
        "key": "k",
        "unit": "GB",
        "price_usd": 1.0,
        "tiers": [{"price_usd": 1.0}],
        "sources": [
            {"title": "AWS page", "url": "https://aws.amazon.com/", "retrieved": "2026-01-01"}
        ],
    }
    data = {
        "kind": "prices",
        "service": "x",
        "name": "X",
        "currency": "USD",
        "as_of": "2026-01-01",
        "rows": [row],
    }

    # when / then
    with pytest.raises(KnowledgeFileError, match="either price_usd or tiers"):
        parse_knowledge(PriceFileModel, data, where="broken.yaml")


# Rows not recorded in a region yet, each with the engine's answer where they are missing:
# Kinesis's Ireland rates were not found (knowledge/pricing/kinesis.yaml); a design there
# keeps SNS (tests/engine/test_event_stream.py).
REGION_GAPS = {"eu-west-1": {"kinesis"}}


def test_both_regions_price_every_service_and_row():
    # given
    catalog = pricing_catalog()

    # when
    slots = {region: set(catalog.table(region)) for region in catalog.regions}
    gaps = REGION_GAPS["eu-west-1"]

    # then
    assert {"us-east-1", "eu-west-1"} <= set(catalog.regions)
    assert {slot for slot in slots["us-east-1"] if slot[0] not in gaps} == slots["eu-west-1"]
    assert {service for service, _ in slots["us-east-1"]} == set(catalog.services)


def test_every_instance_type_has_on_demand_and_reserved_prices_in_every_region():
    # given
    catalog = pricing_catalog()

    # then
    for region in catalog.regions:
        for instance in catalog.instances:
            assert ("ec2", f"on_demand.{instance}") in catalog.table(region)
            assert ("ec2", f"reserved_1y.{instance}") in catalog.table(region)


def test_every_assumption_is_described_with_a_unit_and_a_source():
    # given
    catalog = pricing_catalog()

    # then
    assert catalog.assumptions
    for name, spec in catalog.assumptions.items():
        assert spec.unit and spec.description and spec.sources, name
        assert spec.unit in spec.describe()


def test_the_catalog_states_a_date():
    assert pricing_catalog().as_of >= "2024-11-01"
