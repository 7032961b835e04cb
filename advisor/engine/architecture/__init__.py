"""The architecture model: components, edges, functions with IAM, and alarms.

    design_architecture(workload, verdict) -> ArchitectureModel

The vocabulary lives in knowledge/patterns/*.yaml (see `catalog.py`); `compose.py` applies it.
"""

from __future__ import annotations

from advisor.engine.architecture.catalog import pattern_catalog
from advisor.engine.architecture.compose import design_architecture, offloaded_parts

__all__ = ["design_architecture", "offloaded_parts", "pattern_catalog"]
