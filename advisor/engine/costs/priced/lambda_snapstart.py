"""Lambda SnapStart: snapshot cache GB-seconds and GB restored (Python and .NET only)."""

from __future__ import annotations

from advisor.engine.costs.lines import Table, priced_lines, repriced
from advisor.engine.costs.params import MAX_HOURS_IN_A_MONTH, choice, number, per_month, whole
from advisor.engine.costs.priced.aws_lambda import MB_PER_GB, memory_mb_param
from advisor.engine.costs.priced.base import PricedService, keyword_pricer
from advisor.engine.results import CostLine

SNAPSTART_RUNTIMES = ("python", "dotnet", "java")
FREE_FOR_RUNTIMES = ("java",)  # "SnapStart pricing does not apply to Java managed runtimes"
MIN_CACHED_HOURS = 3  # each published version is billed for at least 3 hours of cache


def snapstart_lines(
    table: Table,
    *,
    runtime: str,
    memory_mb: float,
    cached_hours: float,
    restores: float,
    versions: float = 1,
) -> list[CostLine]:
    """Cache for every version kept, restores for every environment resumed from one.

    Java functions show the same quantities at $0, so the comparison still sees them.
    """
    memory_gb = memory_mb / MB_PER_GB
    cache_gb_s = versions * memory_gb * max(cached_hours, MIN_CACHED_HOURS) * 3600
    cache, restore = table["lambda_snapstart", "cache"], table["lambda_snapstart", "restore"]
    if runtime in FREE_FOR_RUNTIMES:
        cache, restore = repriced(cache, 0.0), repriced(restore, 0.0)
    return priced_lines(
        cache, cache_gb_s, f"SnapStart cache ({versions:g} versions, {runtime})"
    ) + priced_lines(restore, restores * memory_gb, f"SnapStart restores ({runtime})")


SERVICE = PricedService(
    key="lambda_snapstart",
    params=(
        choice("runtime", "python", "runtime (Java pays no SnapStart charge)", SNAPSTART_RUNTIMES),
        memory_mb_param(),
        whole("versions", 1, "published versions kept with a snapshot", maximum=1e4),
        number(
            "cached_hours",
            730,
            "hours each version's snapshot is cached (3 at least)",
            maximum=MAX_HOURS_IN_A_MONTH,
        ),
        per_month("restores_per_month", 10_000, "execution environments restored a month"),
    ),
    pricer=keyword_pricer(snapstart_lines, restores_per_month="restores"),
)
