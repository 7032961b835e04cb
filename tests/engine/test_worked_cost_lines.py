"""Cost lines a user reads, for stated workloads, checked against figures worked by hand
from AWS's published rates (the pricing files' sources)."""

from __future__ import annotations

import pytest

from advisor.engine.costs import compare_costs
from advisor.engine.workload import DataStore


def _line(estimate, service: str, starts: str):
    found = [line for line in estimate.items if line.service == service]
    return next(line for line in found if line.item.startswith(starts))


def _relational(mobile_api, **assumptions):
    return mobile_api.with_changes(
        data_store=DataStore.RELATIONAL, assumptions=tuple(assumptions.items())
    )


def test_a_multi_az_database_bills_its_storage_once_at_the_multi_az_rate(mobile_api):
    # given: a PostgreSQL database of 8 vCPUs with 100 GB allocated, in us-east-1
    workload = _relational(mobile_api, rds_proxy_db_vcpu=8, relational_storage_gb=100)

    # when
    shared = compare_costs(workload).shared

    # then: one Multi-AZ db.m7g.2xlarge deployment (8 vCPUs): 730 h x $1.344 = $981.12;
    # storage: 100 GB-month x $0.230 (Multi-AZ gp3) = $23.00. Before, it was priced as
    # 8 db.m7g.large instances each with its own 100 GB: 800 GB-month x $0.115 = $92.00.
    instance = _line(shared, "rds_postgresql", "1 x db.m7g.2xlarge Multi-AZ")
    storage = _line(shared, "rds_postgresql", "gp3 storage Multi-AZ")
    assert instance.monthly_usd == pytest.approx(981.12)
    assert (storage.quantity, storage.unit_price_usd) == (100, 0.23)
    assert storage.monthly_usd == pytest.approx(23.00)


def test_a_small_multi_az_database_is_a_burstable_pair(mobile_api):
    # given: the default 2-vCPU database, 100 GB, in eu-west-1
    workload = _relational(mobile_api).with_changes(region="eu-west-1")

    # when
    shared = compare_costs(workload).shared

    # then: db.t4g.medium Multi-AZ 730 h x $0.144 = $105.12; 100 GB x $0.254 = $25.40
    assert _line(shared, "rds_postgresql", "1 x db.t4g.medium").monthly_usd == pytest.approx(105.12)
    assert _line(shared, "rds_postgresql", "gp3 storage").monthly_usd == pytest.approx(25.40)
