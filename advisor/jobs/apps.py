from __future__ import annotations

from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "advisor.jobs"
    label = "jobs"
    verbose_name = "Export jobs"

    def ready(self) -> None:
        # Celery's Django guide imports the app in the project package's __init__.py; ours
        # would then load Celery (and Django) with every `import advisor.engine`, breaking the
        # engine's purity. Loading it here binds @shared_task to our app once Django starts,
        # and `celery -A advisor` finds advisor/celery.py by itself.
        # The worker's sweep registers Celery signal receivers; a worker runs this too, as
        # Celery's Django fixup sets Django up before it sends `worker_init`.
        from advisor import celery  # noqa: F401
        from advisor.jobs import signals, worker  # noqa: F401
