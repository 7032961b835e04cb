"""Turning user strings into safe names and safe prose for the generated repo.

Every string a person typed ends up in a file of the generated repo: as a folder and stack
name (a slug), as a Python package name, or as prose in Markdown. Templates emit values into
YAML/JSON through the `tojson` filter and into Python through `pyrepr`, so escaping there is
the filters' job; these helpers make the names safe and strip markup from the prose.
"""

from __future__ import annotations

import re
import unicodedata

# Slugs feed S3 bucket names (63 characters in all, see template.yaml), so they stay short.
SLUG_MAX_CHARS = 24
DISPLAY_MAX_CHARS = 120
_IDENTIFIER = re.compile(r"^[a-z][a-z0-9_]*$")
# Braces would read as template syntax, angle brackets and backticks as markup.
_MARKUP = re.compile(r"[{}<>`|\\\[\]*_#&!]")
_CONTROL_OR_SPACE = re.compile(r"[\s\x00-\x1f\x7f-\x9f]+")


def slug(text: str, *, max_chars: int = SLUG_MAX_CHARS) -> str:
    """ASCII lower-case words joined by hyphens: safe as a folder, stack or bucket name part."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    trimmed = _trim_at_word(words, max_chars)
    if not trimmed or not trimmed[0].isalpha():
        trimmed = f"app-{trimmed}".strip("-")[:max_chars].strip("-")
    return trimmed


def _trim_at_word(words: str, max_chars: int) -> str:
    """At most `max_chars`, cut between words where that keeps most of the text:
    "video-processing", not "video-processing-pipelin"."""
    if len(words) <= max_chars:
        return words
    cut = words[:max_chars]
    if words[max_chars] != "-" and cut.rfind("-") >= max_chars // 2:
        cut = cut[: cut.rfind("-")]
    return cut.strip("-")


def package_name(text: str) -> str:
    """A valid Python package name from the same words as the slug."""
    return slug(text).replace("-", "_")


def display_text(text: str, *, max_chars: int = DISPLAY_MAX_CHARS) -> str:
    """One line of plain prose: no control characters, no markup, no template braces."""
    flat = _CONTROL_OR_SPACE.sub(" ", _MARKUP.sub(" ", text)).strip()
    flat = re.sub(r" {2,}", " ", flat)
    return flat[:max_chars].rstrip() or "Unnamed workload"


def checked_identifier(value: str) -> str:
    """Engine ids become folders, modules and logical ids: refuse anything but snake_case."""
    if not _IDENTIFIER.match(value):
        raise ValueError(f"{value!r} is not a snake_case identifier")
    return value


def logical_id(identifier: str) -> str:
    """CloudFormation logical id (alphanumeric) from a snake_case engine id."""
    return "".join(part.capitalize() for part in checked_identifier(identifier).split("_"))
