"""CloudFormation templates read as data, with the short-form tags (!Ref, !Sub, !GetAtt...)
kept as their long form's one-key mappings ({"Ref": ...}), as CloudFormation reads them."""

from __future__ import annotations

from typing import Any

import yaml


class _CfnLoader(yaml.SafeLoader):
    """YAML loader that keeps CloudFormation short-form tags as data."""


def _cfn_tag(loader: yaml.Loader, tag_suffix: str, node: yaml.Node) -> dict[str, Any]:
    if isinstance(node, yaml.ScalarNode):
        value: Any = loader.construct_scalar(node)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        value = loader.construct_mapping(node, deep=True)
    name = "Ref" if tag_suffix == "Ref" else f"Fn::{tag_suffix}"
    if name == "Fn::GetAtt" and isinstance(value, str):
        value = value.split(".", 1)  # !GetAtt Name.Attribute is ["Name", "Attribute"]
    return {name: value}


_CfnLoader.add_multi_constructor("!", _cfn_tag)


def load_template(text: str | bytes) -> dict[str, Any]:
    return yaml.load(text, Loader=_CfnLoader)  # noqa: S506 (a SafeLoader subclass)


def resources_of_type(template: dict[str, Any], kind: str) -> dict[str, dict[str, Any]]:
    """Logical id -> resource, for the resources of one CloudFormation type."""
    return {
        name: resource
        for name, resource in template["Resources"].items()
        if resource.get("Type") == kind
    }
