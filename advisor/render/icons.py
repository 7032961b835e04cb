"""AWS architecture icons for the diagram, embedded as data URIs.

The icons come from the `diagrams` package (MIT), which ships AWS's architecture icon
set; AWS allows these icons in architecture diagrams. We use only the PNG files, never
its drawing API. Each icon is downscaled once (Pillow) so an inline SVG stays small.
"""

from __future__ import annotations

import base64
import functools
import io
from pathlib import Path

from PIL import Image

from advisor.engine.results import Component

# Pixels of the embedded copy: twice the drawn size (32 pt) so it stays sharp on HiDPI.
ICON_PIXELS = 64

# (keyword in the component's service or kind, icon path under resources/aws/).
# The first match wins, so the more specific keywords come first.
_ICON_BY_KEYWORD: tuple[tuple[str, str], ...] = (
    ("websocket", "network/api-gateway.png"),
    ("api gateway", "network/api-gateway.png"),
    ("appsync", "integration/appsync.png"),
    ("cloudfront", "network/cloudfront.png"),
    ("network load balancer", "network/elb-network-load-balancer.png"),
    ("load balancer", "network/elb-application-load-balancer.png"),
    ("lambda", "compute/lambda.png"),
    ("fargate", "compute/fargate.png"),
    ("batch", "compute/batch.png"),
    ("elastic container service", "compute/elastic-container-service.png"),
    ("ecs", "compute/elastic-container-service.png"),
    ("ec2", "compute/ec2.png"),
    ("kinesis data streams", "analytics/kinesis-data-streams.png"),
    ("data firehose", "analytics/kinesis-data-firehose.png"),
    ("dynamodb stream", "database/dynamodb-streams.png"),
    ("dynamodb", "database/dynamodb.png"),
    ("documentdb", "database/documentdb-mongodb-compatibility.png"),
    ("rds proxy", "database/rds.png"),
    ("aurora", "database/aurora.png"),
    ("rds", "database/rds.png"),
    ("elasticache", "database/elasticache.png"),
    ("s3", "storage/simple-storage-service-s3.png"),
    ("simple storage", "storage/simple-storage-service-s3.png"),
    ("sqs", "integration/simple-queue-service-sqs.png"),
    ("queue", "integration/simple-queue-service-sqs.png"),
    ("sns", "integration/simple-notification-service-sns.png"),
    ("notification", "integration/simple-notification-service-sns.png"),
    ("step functions", "integration/step-functions.png"),
    ("scheduler", "integration/eventbridge-scheduler.png"),
    ("eventbridge", "integration/eventbridge.png"),
    ("cognito", "security/cognito.png"),
    ("kms", "security/key-management-service.png"),
    ("key management", "security/key-management-service.png"),
    ("secrets manager", "security/secrets-manager.png"),
    ("waf", "security/waf.png"),
    ("iam", "security/identity-and-access-management-iam-role.png"),
    ("x-ray", "devtools/x-ray.png"),
    ("cloudwatch logs", "management/cloudwatch-logs.png"),
    ("alarm", "management/cloudwatch-alarm.png"),
    ("cloudwatch", "management/cloudwatch.png"),
    ("mobile", "general/mobile-client.png"),
    ("browser", "general/client.png"),
    ("client", "general/users.png"),
    ("user", "general/users.png"),
)


@functools.cache
def icon_root() -> Path:
    """Where the `diagrams` package keeps its AWS icons (a sibling `resources/` folder)."""
    import diagrams  # imported here: only the file location is needed

    return Path(diagrams.__file__).resolve().parent.parent / "resources" / "aws"


def icon_for(component: Component) -> str:
    """The icon path (relative to icon_root) for a component, or "" when none fits."""
    return _icon_for(component.service, component.kind)


@functools.lru_cache(maxsize=1024)
def _icon_for(service: str, kind: str) -> str:
    # Cached: the live panel keys its diagram by the diagram as data at each keystroke, and
    # the icons' folder does not change while the process runs.
    haystack = f"{service} {kind}".lower()
    for keyword, icon in _ICON_BY_KEYWORD:
        if keyword in haystack and (icon_root() / icon).is_file():
            return icon
    return ""


@functools.cache
def icon_data_uri(icon: str) -> str:
    """The icon as a small PNG data URI (deterministic: same file, same bytes)."""
    with Image.open(icon_root() / icon) as original:
        small = original.convert("RGBA").resize((ICON_PIXELS, ICON_PIXELS), Image.LANCZOS)
    buffer = io.BytesIO()
    small.save(buffer, format="PNG", optimize=True)
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")
