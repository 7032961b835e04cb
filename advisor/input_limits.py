"""Bounds on input, checked where it enters and before it is parsed: size, nesting depth,
and how far YAML aliases expand.

A questionnaire is a mapping two levels deep of a few dozen values. Anything far beyond
that is refused with one message naming its source, before a parser recurses into it
(JSON 1,000 levels deep raised RecursionError) or a validator turns it into text (a
456-byte YAML file whose aliases expand to 387 million strings took 3.2 GB).
"""

from __future__ import annotations

import json
import re
import sys
from typing import IO, Any

import yaml

from advisor.errors import UserMessageError

MAX_INPUT_BYTES = 1_000_000  # a questionnaire is a few hundred bytes
MAX_DEPTH = 20  # a questionnaire needs 3: the answers, assumptions, and one list
MAX_YAML_NODES = 10_000  # values after expanding aliases; a questionnaire has about 60

# libyaml's parser when it is there (fast, and iterative however deep the input).
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
# A JSON string (skipped whole, so brackets inside text do not count) or a bracket.
_JSON_TOKEN = re.compile(rb'"(?:[^"\\]+|\\.)*"|[\[\]{}]')
_OPENERS = frozenset(b"[{")
# A plain YAML scalar that resolves to an int, longer than Python converts.
_LONG_INTEGER = re.compile(r"[-+]?[0-9_]+")


class InputLimitError(UserMessageError):
    """The input is too large, too deep, or expands too far to be a questionnaire."""


def read_bounded(stream: IO[Any], *, source: str) -> str:
    """Up to MAX_INPUT_BYTES of text from a file or standard input; more is refused
    without reading on (`/dev/zero` never ends, and its size reads 0)."""
    raw = getattr(stream, "buffer", stream).read(MAX_INPUT_BYTES + 1)
    if len(raw) > MAX_INPUT_BYTES:
        raise InputLimitError(
            f"{source}: too large for a questionnaire (over {MAX_INPUT_BYTES:,} bytes)."
        )
    if isinstance(raw, str):
        return raw
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputLimitError(f"{source}: cannot read it ({exc}).") from None


def json_load_bounded(data: str | bytes, *, source: str) -> Any:
    """json.loads, once the nesting is known to be shallow."""
    encoded = data.encode("utf-8", "surrogatepass") if isinstance(data, str) else data
    _json_depth_check(encoded, source=source)
    try:
        return json.loads(data)
    except json.JSONDecodeError as exc:
        raise InputLimitError(f"{source}: not valid JSON: {exc}.") from None
    except UnicodeDecodeError as exc:
        raise InputLimitError(f"{source}: not valid JSON: {exc}.") from None
    except ValueError:  # json reads an int of any length, then Python refuses to convert it
        raise InputLimitError(f"{source}: {_too_long_number()}") from None


def _json_depth_check(data: bytes, *, source: str) -> None:
    depth = 0
    for token in _JSON_TOKEN.finditer(data):
        opener = token.group()[0]
        if opener in _OPENERS:
            depth += 1
            if depth > MAX_DEPTH:
                raise InputLimitError(_too_deep(source))
        elif opener != ord('"'):
            depth -= 1


def yaml_load_bounded(text: str, *, source: str) -> Any:
    """yaml.safe_load, once the events show the document is shallow and its aliases expand
    to a bounded number of values. PyYAML has no such limit of its own
    (https://github.com/yaml/pyyaml/issues/235)."""
    try:
        _yaml_shape_check(text, source=source)
        return yaml.load(text, Loader=_YAML_LOADER)
    except yaml.YAMLError as exc:
        raise InputLimitError(f"{source}: not valid YAML: {exc}") from None
    except ValueError as exc:  # a date such as 2024-13-45: the resolver matched, then failed
        raise InputLimitError(f"{source}: a value cannot be read ({exc}).") from None


def _yaml_shape_check(text: str, *, source: str) -> None:
    """Walk the parser's events (no objects built) with the expanded size and height of
    every open collection and every anchor."""
    anchors: dict[str, tuple[int, int]] = {}  # anchor -> (values, height)
    open_nodes: list[list[Any]] = []  # [anchor, values so far, height of tallest child]
    for event in yaml.parse(text, Loader=_YAML_LOADER):
        if isinstance(event, yaml.CollectionStartEvent):
            open_nodes.append([event.anchor, 1, 0])
            if len(open_nodes) > MAX_DEPTH:
                raise InputLimitError(_too_deep(source))
            continue
        if isinstance(event, yaml.CollectionEndEvent):
            anchor, values, tallest = open_nodes.pop()
            node = (values, tallest + 1)
        elif isinstance(event, yaml.ScalarEvent):
            _scalar_check(event, source=source)
            anchor, node = event.anchor, (1, 1)
        elif isinstance(event, yaml.AliasEvent):
            anchor, node = None, anchors.get(event.anchor, (1, 1))
        else:
            continue
        if anchor:
            anchors[anchor] = node
        if open_nodes:
            _add_child(open_nodes, node, source=source)


def _add_child(open_nodes: list[list[Any]], node: tuple[int, int], *, source: str) -> None:
    parent = open_nodes[-1]
    values, height = node
    parent[1] += values
    parent[2] = max(parent[2], height)
    if len(open_nodes) + height > MAX_DEPTH:
        raise InputLimitError(_too_deep(source))
    if parent[1] > MAX_YAML_NODES:
        raise InputLimitError(
            f"{source}: its aliases (*name) expand to more than {MAX_YAML_NODES:,} values; "
            "a questionnaire has a few dozen."
        )


def _scalar_check(event: Any, *, source: str) -> None:
    value = event.value
    limit = sys.get_int_max_str_digits()
    if event.style is None and len(value) > limit and _LONG_INTEGER.fullmatch(value):
        raise InputLimitError(f"{source}: {_too_long_number()}")


def _too_deep(source: str) -> str:
    return f"{source}: nested more than {MAX_DEPTH} levels deep; a questionnaire needs 3."


def _too_long_number() -> str:
    return f"a number too long to read (over {sys.get_int_max_str_digits():,} digits)."


# The most each numeric answer may be, and why that is enough. A billion requests a second
# was once accepted and priced at $315 trillion a month; each bound here is well past any
# workload one assessment describes, and names the reason in the message a person reads.
ANSWER_MAXIMA: dict[str, tuple[float, str]] = {
    "avg_rps": (100_000, "about 260 billion requests a month, beyond any one workload"),
    "peak_rps": (100_000, "about 260 billion requests a month, beyond any one workload"),
    # A job's deadline as well as a response time: a nightly run may take hours.
    "p95_latency_ms": (604_800_000, "a week"),
    "avg_duration_ms": (86_400_000, "a day"),
    "max_duration_s": (604_800, "a week"),
    "memory_mb": (524_288, "512 GB, more than the largest instances used here"),
    "payload_kb": (5_000_000, "5 GB, the largest single upload S3 takes"),
    "avg_response_kb": (5_000_000, "5 GB, the largest single upload S3 takes"),
    "monthly_budget_usd": (100_000_000, "$100 million a month"),
    "concurrent_connections": (10_000_000, "ten million connections at once"),
    "connection_minutes_avg": (43_200, "30 days"),
    "workflow_share": (1, "when every request starts one"),
    "upload_share": (1, "when every request uploads a file"),
    # https://docs.aws.amazon.com/streams/latest/dev/enhanced-consumers.html
    "event_consumers": (20, "the most enhanced fan-out consumers a Kinesis stream registers"),
}
