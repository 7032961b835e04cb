"""The questionnaire in a person's words: sections, labels, units, help and choice labels.

Plain data with no Django in it, so the pages (advisor/questionnaire_layout.py), the JSON
API's schema and the PDF report all read one set of words, and an answer reads the same
everywhere. The fields themselves (names, types, limits) are the form's.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FieldText:
    name: str
    label: str
    unit: str
    help: str


@dataclass(frozen=True)
class Section:
    slug: str
    title: str
    fields: tuple[FieldText, ...]


def _f(name: str, label: str, unit: str, help_text: str) -> FieldText:
    return FieldText(name, label, unit, help_text)


WORKLOAD_NAME = _f("name", "Workload name", "", "A short name you will recognise later.")

SECTIONS: tuple[Section, ...] = (
    Section(
        "traffic",
        "Traffic",
        (
            _f(
                "avg_rps",
                "Average rate",
                "requests per second",
                "Requests or events per second over the whole month, quiet hours included.",
            ),
            _f(
                "peak_rps",
                "Peak rate",
                "requests per second",
                "The busiest rate lasting minutes or more; leave empty if it equals the average.",
            ),
            _f(
                "traffic_pattern",
                "Traffic shape",
                "",
                "Steady all day, spiky bursts, on a schedule, or hard to predict.",
            ),
        ),
    ),
    Section(
        "latency",
        "Latency",
        (
            _f(
                "p95_latency_ms",
                "Response time target (p95)",
                "ms",
                "95 of 100 requests must finish within this time, end to end.",
            ),
            _f(
                "cold_start_sensitive",
                "An occasional slow first request is not acceptable",
                "",
                "Tick if a start-up delay of a few hundred ms now and then would hurt users.",
            ),
        ),
    ),
    Section(
        "execution",
        "Execution",
        (
            _f(
                "runtime",
                "Language",
                "",
                "The language the code is written in; start-up times differ.",
            ),
            _f(
                "avg_duration_ms",
                "Average run time",
                "ms",
                "Compute time one request needs on average.",
            ),
            _f(
                "max_duration_s",
                "Longest run",
                "seconds",
                "The longest single run; Lambda stops a run after 15 minutes (900 s).",
            ),
            _f(
                "memory_mb", "Memory", "MB", "Memory one run needs; Lambda offers 128 to 10,240 MB."
            ),
            _f(
                "cpu_bound",
                "The work is CPU-heavy",
                "",
                "Tick if the work mostly computes rather than waits on databases or services.",
            ),
            _f("gpu_required", "Needs a GPU", "", "Tick if the work needs a graphics processor."),
        ),
    ),
    Section(
        "connections",
        "Connections and data",
        (
            _f(
                "persistent_connections",
                "Long-lived client connections",
                "",
                "Whether clients keep a connection open (WebSocket, streaming or raw TCP).",
            ),
            _f(
                "concurrent_connections",
                "Connections open at once",
                "connections",
                "Long-lived connections open at the same time on average; leave empty to "
                "estimate one per message a minute.",
            ),
            _f(
                "connection_minutes_avg",
                "How long a connection stays open",
                "minutes",
                "Average time one long-lived connection stays open before the client leaves; "
                "leave empty for half an hour (a stream: no longer than its longest run).",
            ),
            _f("data_store", "Main data store", "", "Where the workload keeps its state."),
            _f(
                "payload_kb",
                "Typical payload",
                "KB",
                "Size of a typical request or response; with file uploads, the file's size.",
            ),
            _f(
                "avg_response_kb",
                "Average response sent out",
                "KB",
                "Data each request sends back to the internet (billed as egress); leave empty "
                "for the payload size when callers wait for an answer (an upload's caller: "
                "about 1 KB, its object key), nothing otherwise.",
            ),
        ),
    ),
    Section(
        "events",
        "Events and workflow",
        (
            _f(
                "triggers",
                "What starts the work",
                "",
                "Every kind of event that starts work; none ticked means HTTP requests.",
            ),
            _f(
                "upload_share",
                "Share of requests that upload a file",
                "0 to 1",
                "With HTTP requests and file uploads both ticked: 0.02 when 2 in 100 requests "
                "upload a file (a photo, say) of the typical payload's size. Left empty it is "
                "1, every request an upload; with uploads the only trigger it is always 1.",
            ),
            _f(
                "event_consumers",
                "Consumers of each published event",
                "1 to 20",
                "With published events ticked: how many independent consumers read every event "
                "(an order read by billing, shipping, search and analytics is 4). Each gets its "
                "own queue or stream reader and does its own work per event. Left empty it is 1.",
            ),
            _f(
                "workflow",
                "Coordination",
                "",
                "Whether work runs as several steps or waits for a person to approve.",
            ),
            _f(
                "workflow_share",
                "Share of requests that start a workflow",
                "0 to 1",
                "1 when every request starts one; 0.02 when 2 in 100 do (an approval, say).",
            ),
        ),
    ),
    Section(
        "security",
        "Security",
        (
            _f(
                "sensitive_data",
                "Handles personal or regulated data",
                "",
                "Tick if the data needs encryption with managed keys and tighter controls.",
            ),
            _f(
                "auth",
                "Who may call it",
                "",
                "Anyone (public), signed-in users with tokens (JWT), or other AWS services (IAM).",
            ),
        ),
    ),
    Section(
        "budget",
        "Budget and pricing",
        (
            _f(
                "monthly_budget_usd",
                "Monthly budget",
                "USD per month",
                "The most you want to spend a month; leave empty for no ceiling.",
            ),
            _f("region", "AWS region", "", "The region whose prices are used."),
            _f(
                "architecture",
                "Processor architecture",
                "",
                "Lambda on x86_64 or on arm64 (Graviton), which is priced lower.",
            ),
            _f(
                "include_free_tier",
                "Subtract the AWS free tier",
                "",
                "Tick to take the free monthly allowance off the estimate.",
            ),
            _f(
                "commitment_years",
                "Willing to commit for",
                "years",
                "0 for on-demand only; 1 or 3 to price Savings Plans and reserved instances.",
            ),
        ),
    ),
)

# Choice values as a person reads them (the values stay the contract's words).
CHOICE_LABELS = {
    "steady": "Steady",
    "spiky": "Spiky bursts",
    "scheduled": "On a schedule",
    "unpredictable": "Unpredictable",
    "python": "Python",
    "node": "Node.js",
    "java": "Java",
    "dotnet": ".NET",
    "go": "Go",
    "ruby": "Ruby",
    "none": "None",
    "websocket": "WebSocket",
    "streaming": "Streaming",
    "tcp": "Raw TCP",
    "key_value": "Key-value",
    "document": "Document",
    "relational": "Relational (SQL)",
    "object": "Objects (files)",
    "http": "HTTP requests",
    "file_upload": "File uploads",
    "db_change": "Database changes",
    "queue": "Queue messages",
    "pubsub": "Published events",
    "schedule": "A schedule",
    "multi_step": "Several steps",
    "human_approval": "Waits for a person's approval",
    "public": "Anyone (public)",
    "jwt": "Signed-in users (JWT)",
    "iam": "AWS services (IAM)",
    "x86_64": "x86_64",
    "arm64": "arm64 (Graviton)",
    "us-east-1": "us-east-1 (N. Virginia)",
    "eu-west-1": "eu-west-1 (Ireland)",
    "0": "No commitment (on-demand)",
    "1": "1 year",
    "3": "3 years",
}

FIELD_TEXTS: dict[str, FieldText] = {
    text.name: text for text in (WORKLOAD_NAME, *(f for s in SECTIONS for f in s.fields))
}
