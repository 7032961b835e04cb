"""Lambda MicroVMs (Graviton): vCPU- and GB-seconds at the size running, snapshot data read
and written, and snapshot storage (images and suspended MicroVMs)."""

from __future__ import annotations

from advisor.engine.costs.lines import Table, priced_lines
from advisor.engine.costs.params import gigabytes, number, per_month, whole
from advisor.engine.costs.priced.base import PricedService, keyword_pricer
from advisor.engine.results import CostLine

GB_PER_VCPU = 2  # "CPU is allocated in a 2:1 memory-to-CPU ratio"
# The page's largest size: an 8 GB baseline scaled 4x to 32 GB and 16 vCPU.
MICROVM_MAX_MEMORY_GB = 32
# The page prorates suspended storage over a 720-hour (30-day) month.
STORAGE_HOURS_PER_MONTH = 720


def microvm_compute_lines(table: Table, *, memory_gb: float, seconds: float) -> list[CostLine]:
    """Seconds at one size: a baseline and a scaled-up peak are two calls."""
    vcpu = memory_gb / GB_PER_VCPU
    return priced_lines(
        table["lambda_microvms", "vcpu"], seconds * vcpu, f"compute: {vcpu:g} vCPU"
    ) + priced_lines(
        table["lambda_microvms", "memory"], seconds * memory_gb, f"compute: {memory_gb:g} GB memory"
    )


def microvm_snapshot_lines(
    table: Table,
    *,
    snapshot_gb: float,
    launches: float,
    suspends: float,
    images: float,
    suspended_hours: float,
) -> list[CostLine]:
    """A launch reads a snapshot; a suspend writes one and its resume reads it back."""
    read = table["lambda_microvms", "snapshot_read"]
    written = table["lambda_microvms", "snapshot_write"]
    stored = table["lambda_microvms", "snapshot_storage"]
    suspended_gb_months = suspended_hours / STORAGE_HOURS_PER_MONTH * snapshot_gb
    return (
        priced_lines(written, suspends * snapshot_gb, "snapshot writes on suspend")
        + priced_lines(read, suspends * snapshot_gb, "snapshot reads on resume")
        + priced_lines(read, launches * snapshot_gb, "snapshot reads on launch")
        + priced_lines(stored, images * snapshot_gb, f"image storage ({images:g} images)")
        + priced_lines(stored, suspended_gb_months, "suspended MicroVM storage")
    )


def lambda_microvms_lines(
    table: Table,
    *,
    memory_gb: float,
    seconds: float,
    snapshot_gb: float,
    launches: float,
    suspends: float,
    images: float,
    suspended_hours: float,
) -> list[CostLine]:
    return microvm_compute_lines(table, memory_gb=memory_gb, seconds=seconds) + (
        microvm_snapshot_lines(
            table,
            snapshot_gb=snapshot_gb,
            launches=launches,
            suspends=suspends,
            images=images,
            suspended_hours=suspended_hours,
        )
    )


SERVICE = PricedService(
    key="lambda_microvms",
    params=(
        number(
            "memory_gb",
            2,
            "memory the MicroVMs run with, GB (vCPU is half of it)",
            maximum=MICROVM_MAX_MEMORY_GB,
        ),
        per_month("seconds_per_month", 3_600_000, "MicroVM-seconds running at that size a month"),
        gigabytes("snapshot_gb", 2, "size of an image or a suspended MicroVM's state, GB"),
        per_month("launches_per_month", 1000, "MicroVMs launched from an image a month"),
        per_month("suspends_per_month", 0, "suspend-and-resume cycles a month"),
        whole("images", 1, "MicroVM images stored", maximum=1e4),
        per_month("suspended_hours_per_month", 0, "MicroVM-hours spent suspended a month"),
    ),
    pricer=keyword_pricer(
        lambda_microvms_lines,
        seconds_per_month="seconds",
        launches_per_month="launches",
        suspends_per_month="suspends",
        suspended_hours_per_month="suspended_hours",
    ),
)
