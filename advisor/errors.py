"""One root for the advisor's own exceptions: callers catch `AdvisorError` and show its message."""

from __future__ import annotations


class AdvisorError(Exception):
    """Base of every error the advisor raises on purpose."""


class UserMessageError(AdvisorError):
    """Its message is safe and useful to show to the person who caused it."""


class KnowledgeFileError(AdvisorError):
    """A file under knowledge/ is missing, malformed or unsourced; the message names it."""


class UnknownServiceError(UserMessageError):
    """`price` was asked for a service the catalog does not have."""
