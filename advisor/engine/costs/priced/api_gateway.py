"""Amazon API Gateway: HTTP, REST (with an optional cache) and WebSocket APIs."""

from __future__ import annotations

from advisor.engine.costs.lines import Table, chunks, priced_lines
from advisor.engine.costs.params import choice, hours, number, per_month
from advisor.engine.costs.priced.base import PricedService, Values
from advisor.engine.results import CostLine

HTTP_METERING_KB = 512  # an HTTP API request is metered per 512 KB
WEBSOCKET_METERING_KB = 32  # a WebSocket message per 32 KB
# https://docs.aws.amazon.com/apigateway/latest/developerguide/limits.html: 10 MB payloads.
MAX_PAYLOAD_KB = 10_240
# A REST API's streamed response is billed as one request per 10 MB, rounded up
# (https://aws.amazon.com/blogs/compute/building-responsive-apis-with-amazon-api-gateway-response-streaming/).
REST_STREAM_METERING_KB = 10_240
REST_CACHE_SIZES_GB = ("none", "0.5", "1.6", "6.1", "13.5", "28.4", "58.2", "118", "237")


def api_gateway_lines(
    table: Table,
    *,
    api_type: str,
    requests: float,
    payload_kb: float,
    messages: float = 0,
    connection_minutes: float = 0,
    streamed_kb: float = 0,
) -> list[CostLine]:
    """`streamed_kb`: a REST API's responses are streamed (response transfer mode STREAM),
    this large on average."""
    if api_type == "websocket":
        metered = messages * chunks(payload_kb, WEBSOCKET_METERING_KB)
        return priced_lines(
            table["api_gateway", "websocket_messages"], metered / 1e6, "WebSocket messages"
        ) + priced_lines(
            table["api_gateway", "websocket_connection_minutes"],
            connection_minutes / 1e6,
            "WebSocket connection minutes",
        )
    if api_type == "http":
        metered = requests * chunks(payload_kb, HTTP_METERING_KB)
        return priced_lines(
            table["api_gateway", "http_requests"], metered / 1e6, "HTTP API requests"
        )
    if streamed_kb:
        metered = requests * chunks(streamed_kb, REST_STREAM_METERING_KB)
        return priced_lines(
            table["api_gateway", "rest_requests"],
            metered / 1e6,
            "REST API requests (streamed, one per 10 MB)",
        )
    return priced_lines(table["api_gateway", "rest_requests"], requests / 1e6, "REST API requests")


def rest_cache_lines(table: Table, *, cache_gb: str, hours: float) -> list[CostLine]:
    """A REST API stage's cache, billed by the hour for its size whether used or not."""
    if cache_gb == "none":
        return []
    return priced_lines(
        table["api_gateway", f"rest_cache_{cache_gb}gb"], hours, f"REST cache ({cache_gb} GB)"
    )


def _price(table: Table, v: Values) -> list[CostLine]:
    lines = api_gateway_lines(
        table,
        api_type=v["type"],
        requests=v["requests_per_month"],
        payload_kb=v["payload_kb"],
        messages=v["messages_per_month"],
        connection_minutes=v["connection_minutes"],
    )
    if v["type"] == "rest":
        lines += rest_cache_lines(table, cache_gb=v["cache_gb"], hours=v["cache_hours"])
    return lines


SERVICE = PricedService(
    key="api_gateway",
    params=(
        choice("type", "http", "API type", ("http", "rest", "websocket")),
        per_month("requests_per_month", 1_000_000, "HTTP/REST: API calls a month"),
        number("payload_kb", 1, "request or message size, KB", maximum=MAX_PAYLOAD_KB),
        per_month("messages_per_month", 0, "WebSocket: messages a month"),
        per_month("connection_minutes", 0, "WebSocket: connection minutes a month"),
        choice("cache_gb", "none", "REST: cache size, GB", REST_CACHE_SIZES_GB),
        hours("REST: hours the cache is on", name="cache_hours"),
    ),
    pricer=_price,
)
