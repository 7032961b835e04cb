"""WSGI entry point for gunicorn and other servers."""

from __future__ import annotations

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "advisor.settings")
application = get_wsgi_application()

from advisor.warmup import warm_up  # noqa: E402 (needs the apps loaded above)

warm_up()
