"""How each function ships: a zip built by `sam build`, or a container image when the code
and its libraries would not fit Lambda's zip limit.

The package size is the workload's `deployment_package_mb` (an assumption a workload may
override: a model, a large library); the limit is the platform profile's
`lambda_zip_package_mb`, never a literal here.
"""

from __future__ import annotations

from typing import Any

from advisor.engine.costs.catalog import pricing_catalog
from advisor.engine.platform import limit
from advisor.engine.workload import Workload
from advisor.render.scaffold.stacks import StackSpec

PACKAGE_SIZE_ASSUMPTION = "deployment_package_mb"
ZIP_LIMIT = "lambda_zip_package_mb"


def package_mb(workload: Workload) -> float:
    """The unzipped code and libraries of a function: the workload's figure or the default."""
    overrides = dict(workload.assumptions)
    if PACKAGE_SIZE_ASSUMPTION in overrides:
        return overrides[PACKAGE_SIZE_ASSUMPTION]
    return pricing_catalog().assumptions[PACKAGE_SIZE_ASSUMPTION].default


def packaging(workload: Workload) -> dict[str, Any]:
    """The repo-wide decision, with the figures its README and decision record print."""
    size_mb, limit_mb = package_mb(workload), limit(ZIP_LIMIT)
    image = size_mb > limit_mb
    return {
        "type": "Image" if image else "Zip",
        "package_mb": size_mb,
        "zip_limit_mb": limit_mb,
        "reason": (
            f"the code and its libraries come to about {size_mb:,.0f} MB unzipped, above the "
            f"{limit_mb:,.0f} MB Lambda allows a zip package with its layers: each function "
            "ships as a container image (up to 10 GB) built from its own Dockerfile"
            if image
            else f"the code and its libraries come to about {size_mb:,.0f} MB unzipped, within "
            f"the {limit_mb:,.0f} MB Lambda allows a zip package: `sam build` zips each function"
        ),
    }


def function_code(
    function_id: str, stack: StackSpec, image: bool, *, streams: bool = False
) -> dict[str, Any]:
    """Where one function's code is and how `sam build` builds it, in the stack's terms;
    a function streaming its answer gets the stack's way of streaming (`streaming`)."""
    if image:
        return {
            "package_type": "Image",
            "metadata": {
                "DockerContext": stack.docker_context,
                "Dockerfile": stack.dockerfile.format(id=function_id),
                "DockerTag": stack.runtime,
            },
        }
    streaming = _formatted(stack.streaming, function_id) if streams else {}
    return {
        "package_type": "Zip",
        "code_uri": stack.code_uri,
        "handler": streaming.get("handler", stack.handler.format(id=function_id)),
        "metadata": _formatted(stack.build_metadata, function_id),
        "layers": streaming.get("layers", []),
        "environment": streaming.get("environment", {}),
    }


def _formatted(value: Any, function_id: str) -> Any:
    if isinstance(value, str):
        return value.replace("{id}", function_id)
    if isinstance(value, list):
        return [_formatted(item, function_id) for item in value]
    if isinstance(value, dict):
        return {key: _formatted(item, function_id) for key, item in value.items()}
    return value
