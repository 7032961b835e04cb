"""Export jobs: PDF reports and starter repos built by Celery workers (issue 7)."""
